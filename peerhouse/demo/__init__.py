"""The demo-data generator: invented houses, residents and years of house life (never real
people), written in bulk in one audited transaction (`generate`), and a new set-up filled
with it (`create_demo_setup`)."""
