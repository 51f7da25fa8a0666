"""ETL steps in the order data flows through them; each declares what it reads and writes."""
