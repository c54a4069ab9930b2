"""Keys and signatures: pure functions over bytes, no database and no Qt."""
