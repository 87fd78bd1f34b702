"""`crosswalk` command line: generate extracts, run a night, train and evaluate the model."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

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
) -> None:
    """Write synthetic drops for all five programs into the landing zone, truth beside them."""
    from crosswalk.synth import GenerationConfig, generate_extracts

    paths = get_paths()
    try:
        config = GenerationConfig(people=people, seed=seed, extract_date=_date(extract_date),
                                  noise=noise, noise_scale=noise_scale)
        counts = generate_extracts(config, paths)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None
    for program, rows in counts.items():
        console.print(f"{program:5} {rows:>9,} roster rows")
    console.print(f"landing: {paths.landing_dir}\ntruth:   {paths.truth_dir / extract_date}")


@app.command()
def run(
    extract_date: str = typer.Option(..., "--date", help="Extract date, YYYY-MM-DD."),
    fail_on_stale: bool = typer.Option(
        False, help="Exit 3 when a program's drop was rejected or missing, so that a "
                    "scheduler which only watches exit codes tells someone."),
) -> None:
    """Run the nightly pipeline for one extract date through the Airflow DAG, in-process."""
    from crosswalk.orchestration import run_dag

    paths = get_paths()
    state = run_dag(paths, _date(extract_date))
    if state == "skipped":
        console.print(f"[yellow]{extract_date}: no program delivered a drop[/yellow] (looked in "
                      f"{paths.landing_dir}); nothing was built and the published warehouse "
                      "is unchanged")
        if fail_on_stale:
            raise typer.Exit(3)
        return
    if state != "success":
        console.print(f"[red]run for {extract_date} ended {state}[/red]: see the task logs above "
                      f"and {paths.airflow_home}")
        raise typer.Exit(1)
    stale = _print_outputs(paths, extract_date)
    if stale and fail_on_stale:
        console.print(f"[red]stale: {', '.join(stale)}[/red] (--fail-on-stale)")
        raise typer.Exit(3)


def _print_outputs(paths, extract_date: str) -> list[str]:
    """What the night published and where it is; returns the programs served stale."""
    import duckdb

    from crosswalk.pipeline import is_backfill
    from crosswalk.warehouse import last_build

    # A backfill's own night is in its build; what analysts have is still the newest night.
    backfill = is_backfill(paths, extract_date)
    shown = last_build(paths) if backfill else paths.published_warehouse
    with duckdb.connect(str(shown), read_only=True) as con:
        overlap = con.execute(
            "select program_a, program_b, persons_active_in_a, persons_also_active_in_b, share "
            "from marts.program_overlap where persons_also_active_in_b > 0 order by all").fetchall()
        snapshots = con.execute(
            "select program, in_service_extract_date, tonight_outcome, is_stale "
            "from marts.program_extract_summary order by program").fetchall()
    table = Table(title=f"Program overlap on {extract_date} (active persons)")
    for column in ("a", "b", "active in a", "also in b", "share"):
        table.add_column(column)
    for a, b, n, both, share in overlap:
        table.add_row(a, b, f"{n:,}", f"{both:,}", f"{share:.1%}")
    console.print(table)
    for program, in_service, tonight, stale in snapshots:
        if stale:
            console.print(f"[yellow]{program}: tonight's drop {tonight}; serving {in_service}[/yellow]")
    if backfill:
        console.print(f"[yellow]{extract_date} was a backfill[/yellow]: its state and exports are "
                      f"kept; the published warehouse stays the newest night's "
                      f"({paths.state.nights('linkage')[-1]}). This night's build: {shown}")
    console.print(f"warehouse: {paths.published_warehouse}")
    console.print(f"exports:   {paths.exports_dir / extract_date} (per program: match_results.csv, "
                  ".xlsx, morning_report.html)")
    console.print(f"docs:      {paths.exports_dir / extract_date / 'warehouse_docs.html'}")
    console.print(f"linkage:   {paths.exports_dir / extract_date / 'linkage_quality.html'}")
    console.print(f"review:    {paths.review_dir / extract_date / 'review_queue.xlsx'} "
                  f"(decisions in: {paths.review_dir / 'decisions'})")
    console.print("audit:     staging.stg_audit__load_audit and stg_audit__validation_issues "
                  "in the warehouse")
    return [program for program, _, _, is_stale in snapshots if is_stale]


@app.command()
def airflow(port: int = typer.Option(8080, help="The api-server's (and UI's) port.")) -> None:
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
    """Retrain the linkage model on the published warehouse's records; save it as JSON."""
    from matching.prepare import read_records
    from matching.train import train_model

    records = read_records(get_paths().published_warehouse)
    # Start from the model being replaced, where it exists (levels tonight never shows keep it).
    train_model(records, model_path, start_from=model_path if model_path.exists() else None)
    console.print(f"model: {model_path} (trained on {len(records):,} records)")


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
