"""Storage: the SQLCipher engine, key slots, migrations, audit chain and checks."""
