"""Whose words are in which language: a resident's, a staff account's, a house's."""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class LanguageChoice(SQLModel, table=True):
    """The language chosen for one resident (their kiosk screens and papers), one staff
    account (its manager window and the papers it prints for itself) or one house (its
    board and meeting papers; `bilingual`: both languages on the same sheet).

    Exactly one of the three ids is set; no row means English. It is a table of its own,
    not a column of each person and house, so adding it re-sealed none of their rows (a
    re-seal would also have vouched for any row edited outside PeerHouse).
    """

    id: int | None = Field(default=None, primary_key=True)
    resident_id: int | None = Field(default=None, foreign_key="resident.id", unique=True)
    staff_id: int | None = Field(default=None, foreign_key="staffaccount.id", unique=True)
    house_id: int | None = Field(default=None, foreign_key="house.id", unique=True)
    language: str = Field(default="en", max_length=8)
    bilingual: bool = Field(default=False)
