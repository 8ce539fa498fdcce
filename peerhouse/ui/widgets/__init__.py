"""Small reusable widgets: cards, forms with inline validation, confirmations, tables."""
