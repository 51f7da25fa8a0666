"""The `fotavtrykk` command: demo data, the ETL, the geodata build and the web server."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from core.settings import Settings, get_settings


def _settings(args: argparse.Namespace) -> Settings:
    return get_settings(
        database_url=getattr(args, "database_url", None),
        inbox=getattr(args, "inbox", None),
        min_respondents=getattr(args, "min_respondents", None),
        engine=getattr(args, "engine", None),
    )


def cmd_demo_data(args: argparse.Namespace) -> int:
    from etl.demo import generate

    settings = _settings(args)
    out = args.out or settings.inbox_dir
    summary = generate(out, n_rows=args.rows, seed=args.seed, geodata_dir=settings.geodata_dir,
                       fmt=args.format, dirty=args.dirty, end_month=args.end_month)
    print(f"wrote {summary.rows:,} records in {len(summary.files)} file(s) to {out}")
    return 0


def cmd_etl_run(args: argparse.Namespace) -> int:
    from etl.lock import RunLocked
    from etl.pipeline import FilingFailed, run

    settings = _settings(args)
    print(f"ETL run: inbox {settings.inbox_dir}, store {_safe_url(settings.db_url)}")
    try:
        report = run(settings, rebuild=args.rebuild,
                     progress=lambda line: print(line, flush=True))
    except RunLocked as exc:
        print(f"not started: {exc}", file=sys.stderr)
        return 3
    except FilingFailed as exc:  # published; only moving the inputs away failed
        print(str(exc), file=sys.stderr)
        return 1
    except Exception as exc:  # the run is recorded as failed; the previous release stays
        print(f"run failed, previous release still published: {exc}", file=sys.stderr)
        return 1
    rows = report.rows
    print(f"run {report.run_id} {report.status}: files {dict(report.files) or 'none new'}; "
          f"rows read {rows['read']:,} = accepted {rows['accepted']:,} + quarantined "
          f"{rows['quarantined']:,} + duplicates {rows['duplicates']:,}")
    for reason, count in sorted(report.reasons.items()):
        print(f"  quarantined {count:,}: {reason}")
    print(f"published {report.published_rows:,} rows")
    return 0


def cmd_etl_schedule(args: argparse.Namespace) -> int:
    from etl.schedule import loop

    settings = _settings(args)
    at = args.at or settings.schedule_at
    argv = ["--database-url", args.database_url] if args.database_url else []
    print(f"scheduler started: the ETL runs every day at {at} (local time)", flush=True)
    try:
        loop(at, argv=argv, log=lambda line: print(line, flush=True))
    except KeyboardInterrupt:
        print("scheduler stopped")
    return 0


def cmd_etl_status(args: argparse.Namespace) -> int:
    from etl.status import last_runs

    for line in last_runs(_settings(args), limit=args.limit):
        print(line)
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    import json

    from etl.validate import render, validate

    missing = [str(p) for p in args.files if not p.is_file()]
    if missing:
        print(f"no such file: {', '.join(missing)}", file=sys.stderr)
        return 1
    result = validate(args.files, _settings(args), per_reason=args.examples)
    if args.json:
        print(json.dumps(result.as_dict(), indent=2))
    else:
        print("\n".join(render(result)))
    return result.exit_code


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from core.store.db import migrate

    settings = _settings(args)
    migrate(settings.db_url)
    print(f"store at {_safe_url(settings.db_url)} is up to date")
    return 0


def cmd_db_create_reader(args: argparse.Namespace) -> int:
    from core.store.reader import create_reader

    settings = _settings(args)
    password = None
    if args.password_file:
        handle = sys.stdin if args.password_file == "-" else open(args.password_file)  # noqa: SIM115
        with handle:
            password = handle.readline().rstrip("\n") or None
    schema = create_reader(settings.db_url, args.role, password)
    print(f"role {args.role} can read the published tables in schema {schema}")
    return 0


def cmd_geodata_build(args: argparse.Namespace) -> int:
    from etl.geo.build import run

    settings = _settings(args)
    run(Path(args.sources or settings.geodata_dir / "sources"), settings.geodata_dir)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    settings = _settings(args)
    bind = f"{args.host or settings.host}:{args.port or settings.port}"
    if settings.database_url:
        os.environ["DATABASE_URL"] = settings.database_url
    print(f"serving the dashboard on http://{bind}")
    argv = [sys.executable, "-m", "gunicorn", "--config", "python:dashboard.gunicorn_conf",
            "--bind", bind]
    if args.workers:
        argv += ["--workers", str(args.workers)]
    if args.timeout:
        argv += ["--timeout", str(args.timeout)]
    os.execvp(sys.executable, [*argv, "dashboard.app:server"])
    return 0  # not reached


def _safe_url(url: str) -> str:
    """The URL without its password, for printing."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="fotavtrykk", description=__doc__)
    p.add_argument("--database-url", help="store URL (default: $DATABASE_URL or SQLite file)")
    sub = p.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo-data", help="write seeded, realistic anonymized records")
    demo.add_argument("--rows", type=int, default=200_000)
    demo.add_argument("--seed", type=int, default=2026)
    demo.add_argument("--out", type=Path, help="folder (default: the inbox)")
    demo.add_argument("--format", choices=["csv", "parquet"], default="csv")
    demo.add_argument("--dirty", type=float, default=0.002, help="share of malformed rows")
    demo.add_argument("--end-month", help="last month YYYY-MM (default: last complete month)")
    demo.set_defaults(func=cmd_demo_data)

    etl = sub.add_parser("etl", help="run or inspect the ETL").add_subparsers(
        dest="etl_command", required=True)
    run = etl.add_parser("run", help="process the inbox and publish a release")
    run.add_argument("--inbox", type=Path)
    run.add_argument("--rebuild", action="store_true", help="recompute all from the archive")
    run.add_argument("--min-respondents", type=int)
    run.add_argument("--engine", choices=["duckdb", "spark"],
                     help="where spans and cells run (default: $FOTAVTRYKK_ENGINE or duckdb)")
    run.set_defaults(func=cmd_etl_run)
    schedule = etl.add_parser("schedule", help="run the ETL every night (long-running)")
    schedule.add_argument("--at", help="time of day HH:MM (default: $FOTAVTRYKK_SCHEDULE_AT)")
    schedule.set_defaults(func=cmd_etl_schedule)
    status = etl.add_parser("status", help="print the last runs")
    status.add_argument("--limit", type=int, default=10)
    status.set_defaults(func=cmd_etl_status)

    check = sub.add_parser(
        "validate", help="check files as the next ETL run would, without publishing anything",
        description="Exit 0: every row accepted; 1: a file would be rejected; 2: rows would "
        "be quarantined.")
    check.add_argument("files", nargs="+", type=Path, metavar="FILE",
                       help="CSV or Parquet files, checked as one delivery in this order")
    check.add_argument("--examples", type=int, default=5, help="example rows per reason")
    check.add_argument("--json", action="store_true", help="machine-readable output")
    check.set_defaults(func=cmd_validate)

    db = sub.add_parser("db", help="the store").add_subparsers(dest="db_command", required=True)
    db.add_parser("upgrade", help="apply migrations").set_defaults(func=cmd_db_upgrade)
    reader = db.add_parser("create-reader",
                           help="PostgreSQL: a login role that can only read what is published")
    reader.add_argument("role")
    reader.add_argument("--password-file",
                        help="file whose first line is the password ('-': stdin)")
    reader.set_defaults(func=cmd_db_create_reader)

    geo = sub.add_parser("geodata", help="reference data").add_subparsers(
        dest="geo_command", required=True)
    build = geo.add_parser("build", help="rebuild geodata/ from geodata/sources/")
    build.add_argument("--sources", type=Path)
    build.set_defaults(func=cmd_geodata_build)

    serve = sub.add_parser("serve", help="serve the dashboard with gunicorn")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument("--workers", type=int,
                       help="processes (default: $WEB_CONCURRENCY or 2, see gunicorn_conf.py)")
    serve.add_argument("--timeout", type=int,
                       help="seconds before a silent worker is replaced (default 30)")
    serve.set_defaults(func=cmd_serve)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
