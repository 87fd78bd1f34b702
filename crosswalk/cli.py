"""`crosswalk` command line: generate extracts, run a night, train and evaluate the model."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer
from rich.console import Console

from crosswalk.airflow_server import DEFAULT_PORT
from crosswalk.settings import DEFAULT_EXTRACT_DATE, MODEL_PATH, InputError, get_paths

app = typer.Typer(help="Match people across human-services programs, nightly.",
                  no_args_is_help=True, add_completion=False)
console = Console()


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form") from None


@app.command()
def generate(
    people: int = typer.Option(10_000, help="Population size, 1,000 to 1,000,000."),
    seed: int = typer.Option(42, help="Random seed: the same seed gives the same files."),
    extract_date: str = typer.Option(DEFAULT_EXTRACT_DATE, "--date", help="Extract date, YYYY-MM-DD."),
    noise: str = typer.Option("clerical", help="Noise model for identifiers: clerical or admin."),
    noise_scale: float = typer.Option(1.0, help="Multiplier of the noise model's error rates "
                                                "(5 for the heavy setting)."),
    nights: int = typer.Option(1, min=1, help="How many nights, from --date on: each next "
                                              "night evolved from the last (1% of roster "
                                              "rows changed, 0.5% gone)."),
) -> None:
    """Write synthetic drops for all five programs into the landing zone, truth beside them."""
    from datetime import timedelta

    from crosswalk.synth import GenerationConfig, generate_extracts
    from crosswalk.synth.nights import evolve_night

    paths = get_paths()
    first = _date(extract_date)
    try:
        config = GenerationConfig(people=people, seed=seed, extract_date=first,
                                  noise=noise, noise_scale=noise_scale)
        counts = generate_extracts(config, paths)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None
    for program, rows in counts.items():
        console.print(f"{program:5} {rows:>9,} roster rows")
    dates = [first + timedelta(days=n) for n in range(nights)]
    for n, (before, night) in enumerate(zip(dates, dates[1:], strict=False), start=1):
        changes = evolve_night(paths, before, night, seed=seed + n)
        console.print(f"{night}: {sum(map(len, changes.changed.values())):,} rows changed, "
                      f"{sum(map(len, changes.dropped.values())):,} gone")
    console.print(f"landing: {paths.landing_dir} ({', '.join(map(str, dates))})\n"
                  f"truth:   {paths.truth_dir}")


@app.command()
def run(
    extract_date: str = typer.Option(..., "--date", help="Extract date, YYYY-MM-DD."),
    fail_on_stale: bool = typer.Option(
        False, help="Exit 3 when a program's drop was rejected or missing, so that a "
                    "scheduler which only watches exit codes tells someone."),
) -> None:
    """Run the nightly pipeline for one extract date through the Airflow DAG, in-process:
    a line per step, then a summary; Airflow's own logging goes to a log file."""
    from datetime import UTC, datetime

    from crosswalk.console import NightConsole
    from crosswalk.orchestration import quiet, run_dag
    from crosswalk.pipeline import is_backfill
    from crosswalk.warehouse import last_build

    paths = get_paths()
    day = _date(extract_date)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    log = paths.airflow_home / "logs" / f"crosswalk_run_{extract_date}_{stamp}.log"
    with quiet(log) as terminal:
        night = NightConsole(Console(file=terminal))
        night.console.print(f"crosswalk run {extract_date} (Airflow's log: {log})",
                            highlight=False)
        state = run_dag(paths, day, listener=night.step)
    night.console = console
    if state == "skipped":
        console.print(f"[yellow]{extract_date}: no program delivered a drop[/yellow] (looked in "
                      f"{paths.landing_dir}); nothing was built and the published warehouse "
                      "is unchanged")
        if fail_on_stale:
            raise typer.Exit(3)
        return
    if state != "success":
        console.print(f"[red]run for {extract_date} ended {state}[/red]: the failed step is "
                      f"above; Airflow's log of every task: {log}")
        raise typer.Exit(1)
    backfill = is_backfill(paths, extract_date)
    stale = night.summary(paths, extract_date,
                          last_build(paths) if backfill else paths.published_warehouse,
                          backfill, log)
    if stale and fail_on_stale:
        console.print(f"[red]stale: {', '.join(stale)}[/red] (--fail-on-stale)")
        raise typer.Exit(3)


@app.command()
def airflow(port: int = typer.Option(DEFAULT_PORT, help="The api-server's (and UI's) port.")) -> None:
    """Start a real Airflow for the nightly DAG: `airflow standalone` (scheduler,
    dag-processor, api-server; SQLite metadata) in $CROSSWALK_DATA_DIR/airflow-server."""
    import os
    import sys

    from crosswalk.airflow_server import prepare, server_env

    env = server_env(get_paths(), port)
    prepare(env)
    console.print(f"Airflow home: {env['AIRFLOW_HOME']}; UI and API: http://localhost:{port} "
                  "(the admin password is printed below once it starts). Unpause "
                  "crosswalk_nightly to schedule it, or trigger it with "
                  '{"extract_date": "YYYY-MM-DD"} in its conf.')
    os.execve(sys.executable, [sys.executable, "-m", "airflow", "standalone"], env)


@app.command()
def train(
    model_path: Path = typer.Option(MODEL_PATH, help="Where to write the model JSON."),
) -> None:
    """Retrain the linkage model on the published secure file's records; save it as JSON."""
    from matching.prepare import read_records
    from matching.train import train_model

    records = read_records(get_paths().secure_warehouse)
    # Start from the model being replaced, where it exists (levels tonight never shows keep it).
    train_model(records, model_path, start_from=model_path if model_path.exists() else None)
    console.print(f"model: {model_path} (trained on {len(records):,} records)")


@app.command()
def purge(
    before: str = typer.Option(
        None, "--before", help="Remove drops with an earlier extract date, YYYY-MM-DD "
                               "(default: CROSSWALK_RAW_RETENTION_DAYS, 90, before today)."),
) -> None:
    """Remove raw drops past their retention from the raw, audit and landing zones, but
    each program's snapshot in service; one line per folder removed in audit/purges.csv."""
    from crosswalk.retention import default_cutoff
    from crosswalk.retention import purge as remove

    paths = get_paths()
    cutoff = _date(before) if before else default_cutoff(date.today())
    lines = remove(paths, cutoff)
    removed = sum(line["bytes"] for line in lines)
    console.print(f"purged {len(lines)} folders ({removed:,} bytes) older than {cutoff}; "
                  f"logged in {paths.audit_dir / 'purges.csv'}")


@app.command()
def evaluate(
    extract_date: str = typer.Option(DEFAULT_EXTRACT_DATE, "--date", help="Extract date, YYYY-MM-DD."),
) -> None:
    """Score the published person_crosswalk against the generator's truth file."""
    from crosswalk_bench.evaluation import evaluate_run

    report = evaluate_run(get_paths(), _date(extract_date))
    console.print(report.render())


@app.command()
def bench(
    sizes: str = typer.Option("100000", help="Comma-separated population sizes."),
    work_dir: Path = typer.Option(Path("data/bench"), help="Where each size's data goes."),
) -> None:
    """Accuracy and timings of the nightly run and of plain Splink on generated sets."""
    from crosswalk_bench.bench import run_benchmark

    out = run_benchmark([int(s) for s in sizes.split(",")], work_dir.resolve())
    console.print(out.with_suffix(".md").read_text())
    console.print(f"results: {out}")


def main() -> None:
    """The console script: wrong input (a missing setting, another run in progress) is a
    message, not a traceback."""
    try:
        app()
    except InputError as exc:
        console.print(f"[red]{exc}[/red]")
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
