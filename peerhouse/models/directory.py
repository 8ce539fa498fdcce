"""The resources directory: outside meetings, crisis lines, clinics, job and housing help."""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class Resource(SQLModel, table=True):
    """One entry of the resources directory; a null house means every house."""

    id: int | None = Field(default=None, primary_key=True)
    house_id: int | None = Field(default=None, foreign_key="house.id", index=True)
    name: str = Field(max_length=200)
    kind: str = Field(max_length=16)
    schedule: str = Field(default="", max_length=200)
    address: str = Field(default="", max_length=300)
    phone: str = Field(default="", max_length=40)
    notes: str = Field(default="", max_length=1000)
    active: bool = True
