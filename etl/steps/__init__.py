"""ETL steps, each one module with a `run(...)` entry: load inputs, process, save outputs."""
