"""The ``ziya`` command line: validate, run, inspect.

Exit codes: 0 done; 1 bad input (data, scenario, an output path that cannot be written, a
result file that cannot be read, a Dask scheduler that cannot be reached); 2 not optimal, or
sweep members failed; 3 internal error (a bug); 4 a file could not be written after the solve
(the result is kept in a temporary file, named in the message); 130 interrupted (Ctrl-C or
SIGTERM). Every failure is one message, without a traceback (``-v`` logs it).
"""

from __future__ import annotations

import errno
import logging
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from model.errors import AuditError, InputError, ScenarioError, SolveError
from model.report.i18n import LANGUAGES

if TYPE_CHECKING:  # the heavy imports happen inside the commands (``ziya --help`` is fast)
    import pandas as pd
    import xarray as xr

    from model.data.scenarios import Scenario
    from model.studies.sweep import Progress

COMBINED = "combined"  # model.results.collect.COMBINED (checked by a test)

log = logging.getLogger("ziya")


def _fail(message: str, code: int = 1) -> None:
    click.echo(message, err=True)
    sys.exit(code)


class _Commands(click.Group):
    """The command group: an interrupt or an unexpected error ends in one line and a code."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; turn what escapes it into a message and an exit code."""
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:
            _fail("interrupted", 130)
        except OSError as exc:
            if exc.errno == errno.EPIPE:  # output piped into `head`: click handles it
                raise
            log.debug("file error", exc_info=True)
            _fail(f"could not read or write a file: {exc}", 4)
        except Exception as exc:  # a bug: say so plainly; the traceback is in the log with -v
            log.debug("internal error", exc_info=True)
            _fail(f"internal error in ziya ({type(exc).__name__}: {exc}). This is a bug; please "
                  "report it with the command and its files (rerun with -v for details).", 3)
        return None


def _terminate(signum: int, frame: object) -> None:
    """SIGTERM (``kill``): stop as on Ctrl-C, so that clean-up runs and the sweep records."""
    raise KeyboardInterrupt


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ziya")
@click.option("-v", "--verbose", is_flag=True, help="Log pipeline steps and timings.")
def main(verbose: bool) -> None:
    """ziya: route recovered materials through the Ziya park to markets, at least cost."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _terminate)
        click.get_current_context().call_on_close(
            lambda: signal.signal(signal.SIGTERM, previous))


def _check_outputs(*targets: tuple[str, Path | None, bool]) -> None:
    """Stop (exit 1) before solving if an output (option, path, is a folder) cannot be written."""
    from model.results.output import output_problem

    for option, path, folder in targets:
        problem = output_problem(path, folder, option) if path is not None else None
        if problem:
            _fail(problem)


def _write_solved(write: Callable[[Path], object], target: Path) -> None:
    """Write a solved result; if that fails, keep it in a temporary folder and exit 4."""
    from model.results.output import WriteError, write_or_keep

    try:
        write_or_keep(write, target)
    except WriteError as exc:
        _fail(str(exc), 4)


@main.command()
@click.argument("inputs", type=click.Path(path_type=Path))
def validate(inputs: Path) -> None:
    """Check the data package INPUTS and list every problem at once."""
    from model.data.validate import load_data

    try:
        data = load_data(inputs)
    except InputError as exc:
        _fail(str(exc))
        return
    counts = ", ".join(f"{name}: {len(frame)}" for name, frame in data.sets.items())
    click.echo(f"OK: {inputs} is a valid data package ({counts}; "
               f"years {data.years[0]}-{data.years[-1]})")
    for note in data.notes:  # absent optional tables and years filled by a catalogue rule
        click.echo(f"note: {note}")


def _print_headline(cube: xr.Dataset) -> None:
    from model.report.numbers import amount
    from model.results.summary import headline

    head = headline(cube)
    click.echo(f"scenario    {head['scenario']}")
    click.echo(f"status      {head['status']}")
    click.echo(f"net result  {amount(float(head['net_result_cny']), 'money', signed=True)} "
               "present value (revenue - cost; the solver minimises cost - revenue)")
    if "total_cost_cny" in head:
        click.echo(f"cost        {amount(float(head['total_cost_cny']), 'money')} over the "
                   "horizon (undiscounted)")
        click.echo(f"revenue     {amount(float(head['total_revenue_cny']), 'money')}")
        click.echo(f"emissions   {amount(float(head['total_emissions_tco2e']), 'emissions')}")
        if "carbon_shadow_price" in cube and not cube["carbon_shadow_price"].notnull().any():
            click.echo("carbon cap  none in this scenario (no carbon shadow price)")


def _print_tables(tables: dict[str, pd.DataFrame], only: tuple[str, ...] = ()) -> None:
    from model.report.numbers import readable_table

    for title, table in tables.items():
        if only and not any(word in title for word in only):
            continue
        title, shown = readable_table(title, table)
        click.echo(f"\n{title}\n{shown.to_string()}")


@main.command()
@click.argument("scenario", type=click.Path(path_type=Path))
@click.option("--inputs", type=click.Path(path_type=Path),
              help="Data package (overrides the scenario's).")
@click.option("--out", type=click.Path(path_type=Path), help="Result file [results/NAME.nc].")
@click.option("--report", type=click.Path(path_type=Path),
              help="Also write the policy report (HTML, PDF, summary.md) to this folder.")
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True,
              help="Language of the report.")
@click.option("--allow-nonoptimal", is_flag=True, help="Exit 0 even if the solve is not optimal.")
def run(scenario: Path, inputs: Path | None, out: Path | None, report: Path | None, lang: str,
        allow_nonoptimal: bool) -> None:
    """Solve one SCENARIO file and write its result cube."""
    from model.data.scenarios import load_scenario
    from model.pipeline import run as run_pipeline
    from model.report.document import write_report
    from model.results.cube import write_results
    from model.results.summary import summary_tables

    try:
        spec = load_scenario(scenario)
    except InputError as exc:
        _fail(str(exc))
        return
    out = out or Path("results") / f"{spec.name}.nc"
    _check_outputs(("--out", out, False), ("--report", report, True))
    progress = _Progress("run", transient=True)
    progress(f"loading, checking and solving {spec.name}")
    try:
        cube = run_pipeline(spec, inputs)
    except (InputError, ScenarioError, AuditError, SolveError) as exc:
        progress.close()
        _fail(str(exc))
        return
    except Exception as exc:  # a bug: say so plainly; the traceback is in the log with -v
        progress.close()
        log.debug("internal error", exc_info=True)
        _fail(f"internal error in ziya ({type(exc).__name__}: {exc}). This is a bug; please "
              "report it with the scenario and data package (rerun with -v for details).", 3)
        return
    progress.close()
    _print_headline(cube)
    _print_tables(summary_tables(cube), only=("shadow",))
    _write_solved(lambda path: write_results(cube, path), out)
    click.echo(f"\nwrote {out}")
    base = _counterfactual(spec, cube, out, inputs, solve=report is not None) \
        if cube.attrs.get("status") == "optimal" else None
    _print_messages(cube, base)
    if report is not None:
        click.echo(f"wrote {write_summary(cube, report)}")
        if cube.attrs.get("status") == "optimal" or allow_nonoptimal:
            drawing = _Progress("run", transient=True)
            drawing("writing the report (charts, HTML, PDF)")
            try:
                written = write_report(cube, report, lang, allow_nonoptimal, source=str(out),
                                       counterfactual=base)
            finally:
                drawing.close()
            click.echo(f"wrote {written['html']} and {written['pdf']}")
    if cube.attrs.get("diagnosis"):
        click.echo("\n" + str(cube.attrs["diagnosis"]))
    if cube.attrs.get("status") != "optimal" and not allow_nonoptimal:
        _fail(f"not optimal: {cube.attrs.get('status')}", code=2)


def _counterfactual(spec: Scenario, cube: xr.Dataset, out: Path, inputs: Path | None,
                    solve: bool) -> xr.Dataset | None:
    """The result of the scenario ``spec`` extends, beside ``out``: read if fresh, else (when
    ``solve``) solved and written there; None when the scenario extends nothing."""
    from model.data.scenarios import load_scenario
    from model.pipeline import run as run_pipeline
    from model.results.counterfactual import parent_result_path, read_counterfactual
    from model.results.cube import write_results

    if not spec.parent:
        return None
    found, note = read_counterfactual(cube, out)
    if found is not None or not solve:
        if note:
            click.echo(f"note: {note}")
        return found
    try:
        parent = load_scenario(spec.parent)
        path = parent_result_path(parent, out)
        click.echo(f"solving the counterfactual '{parent.name}' for the key messages")
        base = run_pipeline(parent, inputs)
    except (InputError, ScenarioError, AuditError, SolveError) as exc:
        click.echo(f"note: no counterfactual: {exc}")
        return None
    if base.attrs.get("status") != "optimal":
        click.echo(f"note: the counterfactual '{parent.name}' is {base.attrs.get('status')}; "
                   "the report describes this scenario alone")
        return None
    _write_solved(lambda target: write_results(base, target), path)
    click.echo(f"wrote {path}")
    return base


def _print_messages(cube: xr.Dataset, base: xr.Dataset | None) -> None:
    """The key messages of a result (against its counterfactual when there is one)."""
    from model.report.messages import key_messages

    found = key_messages(cube, base, "en")
    if not found["messages"] or base is None:
        return
    click.echo(f"\nkey messages\n{found['intro']}")
    for message in found["messages"]:
        click.echo(f"- {message['text']}")


def write_summary(cube: xr.Dataset, folder: Path) -> Path:
    """Write ``summary.md`` with the headline and summary tables (atomically)."""
    from model.data.io import atomic_write
    from model.report.numbers import amount, quantity_of, readable_table
    from model.results.summary import headline, summary_tables

    head = headline(cube)
    lines = [f"# ziya results: {head['scenario']}", ""]
    lines += [f"- **{k.replace('_', ' ')}**: " + (
        amount(v, quantity_of(k) or "money", signed=k == "net_result_cny")
        if isinstance(v, float) else str(v)) for k, v in head.items()]
    lines += ["", "Net result = revenue - cost in present value (a gain is positive); the "
              "objective is the solver's cost - revenue."]
    for title, table in summary_tables(cube).items():
        title, shown = readable_table(title, table)
        lines += ["", f"## {title}", "", "```", shown.to_string(), "```"]
    text = "\n".join(lines) + "\n"
    return atomic_write(Path(folder) / "summary.md",
                        lambda tmp: tmp.write_text(text, encoding="utf-8"))


def _result_files(paths: tuple[Path, ...]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.glob("*.nc")
                            if not p.stem.endswith("_mac") and p.stem != COMBINED)
        else:
            files.append(path)
    return files


def _report_folder(results: tuple[Path, ...], scenarios: list[str]) -> Path:
    """Where a report goes without --out: reports/<scenario>, reports/<folder> for a folder of
    results, reports/comparison for several files."""
    if len(scenarios) == 1:
        return Path("reports") / scenarios[0]
    if len(results) == 1 and results[0].is_dir():
        return Path("reports") / results[0].resolve().name
    return Path("reports") / "comparison"


@main.command()
@click.argument("results", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--out", type=click.Path(path_type=Path),
              help="Report folder [reports/SCENARIO; a comparison: reports/FOLDER or "
                   "reports/comparison].")
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True)
@click.option("--reference", help="Reference scenario of a comparison [the first].")
@click.option("--against", type=click.Path(path_type=Path),
              help="Counterfactual result of a single report's key messages [the result of "
                   "the scenario it extends, beside RESULTS; 'none': no counterfactual].")
@click.option("--allow-nonoptimal", is_flag=True,
              help="Write a report of a non-optimal result (with a warning banner).")
def report(results: tuple[Path, ...], out: Path | None, lang: str, reference: str | None,
           against: Path | None, allow_nonoptimal: bool) -> None:
    """Write an HTML + PDF report of RESULTS (one file; or several / a folder: a comparison)."""
    from model.report.document import NotOptimalError, write_comparison, write_report

    files = _result_files(results)
    if len(files) == 1 and _mac_report(files[0], out, lang):  # a MAC curve (CSV or .nc)
        return
    if not files:
        _fail("no result files (*.nc) found")
        return
    cubes = {}
    for f in files:
        cube = _single_result(f)
        cubes[str(cube.attrs.get("scenario") or f.stem)] = cube
    out = out or _report_folder(results, list(cubes))
    _check_outputs(("--out", out, True))
    single = next(iter(cubes.values())) if len(cubes) == 1 else None
    base = _report_counterfactual(single, files[0], against) if single is not None else None
    drawing = _Progress("report", transient=True)
    drawing("writing the report (charts, HTML, PDF)")
    try:
        if single is not None:
            written = write_report(single, out, lang, allow_nonoptimal, source=str(files[0]),
                                   counterfactual=base)
        else:
            written = write_comparison(cubes, out, lang, reference)
    except NotOptimalError as exc:
        drawing.close()
        _fail(str(exc), code=2)
        return
    drawing.close()
    click.echo(f"wrote {written['html']} and {written['pdf']}")


@main.command()
@click.argument("sweep_file", type=click.Path(exists=True, path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), help="Folder [results/SWEEP].")
@click.option("--workers", default=1, show_default=True, help="Local worker processes.")
@click.option("--dask", "use_dask", is_flag=True, help="Start a local Dask cluster.")
@click.option("--scheduler", help="Address of a running Dask scheduler (tcp://host:8786).")
@click.option("--rebuild", is_flag=True,
              help="Build and solve each member from scratch (no HiGHS session per worker).")
def sweep(sweep_file: Path, out: Path | None, workers: int, use_dask: bool,
          scheduler: str | None, rebuild: bool) -> None:
    """Run every scenario of SWEEP_FILE (grid, Pareto front or Monte Carlo), then collect."""
    from model.studies.sweep import SweepCancelled, load_sweep, run_sweep

    try:
        spec, _ = load_sweep(sweep_file)
    except InputError as exc:
        _fail(str(exc))
        return
    out = out or Path("results") / spec.sweep
    _check_outputs(("--out", out, True))

    tty = sys.stderr.isatty()

    def show(p: Progress) -> None:
        line = (f"done {p.done}  skipped {p.skipped}  failed {p.failed}  running {p.running}  "
                f"of {p.total}  ETA {p.eta():,.0f} s")
        click.echo(("\r" + line + "   ") if tty else line, nl=not tty, err=True)

    client, cluster = _dask_client(use_dask, scheduler, workers)
    try:
        manifest = run_sweep(sweep_file, out, workers, client, show, reuse=not rebuild)
    except SweepCancelled as stop:
        if tty:
            click.echo("", err=True)
        _fail(_cancelled(stop.manifest, out), 130)
        return
    except InputError as exc:  # the base scenario's data package
        _fail(str(exc))
        return
    finally:
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
    click.echo("", err=True)
    _finish_sweep(manifest, out)


def _cancelled(manifest: dict[str, dict[str, Any]], out: Path) -> str:
    """The line that says what a cancelled sweep kept."""
    kept = sum("file" in m for m in manifest.values())
    cancelled = sum(m["status"] == "cancelled" for m in manifest.values())
    return (f"interrupted: {kept} of {len(manifest)} members have results in {out}; {cancelled} "
            f"marked cancelled in {out / 'manifest.json'} (run the same command to finish them)")


def _finish_sweep(manifest: dict[str, dict[str, Any]], out: Path) -> None:
    """Report the statuses, collect the results and say what was written."""
    import pandas as pd

    from model.data.io import atomic_write
    from model.results.collect import collect, to_iamc

    statuses = pd.Series([m["status"] for m in manifest.values()]).value_counts()
    click.echo(", ".join(f"{n} {s}" for s, n in statuses.items()))
    if not (statuses.index.isin(["error", "invalid"]) == False).any():  # noqa: E712
        _fail("no scenario produced a result; see manifest.json", code=2)
        return
    combined = collect(out)
    target = out / f"{COMBINED}.nc"
    _write_solved(lambda path: atomic_write(
        path, lambda tmp: combined.to_netcdf(tmp, engine="netcdf4")), target)
    table = to_iamc(combined)
    _write_solved(lambda path: atomic_write(path, lambda tmp: table.to_csv(tmp, index=False)),
                  out / "iamc.csv")
    written = sum("file" in m and m["status"] != "skipped" for m in manifest.values())
    earlier = int(statuses.get("skipped", 0))
    note = f" ({earlier} kept from an earlier run)" if earlier else ""
    click.echo(f"wrote {written} result{'s' * (written != 1)}{note}, {target} and "
               f"{out / 'iamc.csv'}")
    if statuses.index.isin(["error", "invalid"]).any():
        _fail("some scenarios failed; see manifest.json", code=2)


def _dask_client(use_dask: bool, scheduler: str | None, workers: int) -> tuple[Any, Any]:
    if not (use_dask or scheduler):
        return None, None
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            return Client(scheduler, set_as_default=False), None
        except (OSError, ValueError) as exc:
            _fail(f"cannot connect to the Dask scheduler at {scheduler}: {exc}")
            return None, None
    cluster = LocalCluster(n_workers=max(workers, 1), threads_per_worker=1, processes=True,
                           dashboard_address=None)
    return Client(cluster, set_as_default=False), cluster


@main.command(name="collect")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), help="Combined cube [FOLDER/combined.nc].")
@click.option("--iamc", type=click.Path(path_type=Path), help="Also write the IAMC long CSV.")
def collect_command(folder: Path, out: Path | None, iamc: Path | None) -> None:
    """Combine the result files in FOLDER into one cube with a scenario dimension."""
    from model.data.io import atomic_write
    from model.results.collect import collect, to_iamc

    combined = collect(folder)
    target = atomic_write(out or folder / f"{COMBINED}.nc",
                          lambda tmp: combined.to_netcdf(tmp, engine="netcdf4"))
    click.echo(f"wrote {target} ({combined['scenario'].size} scenarios)")
    if iamc is not None:
        table = to_iamc(combined)
        atomic_write(iamc, lambda tmp: table.to_csv(tmp, index=False))
        click.echo(f"wrote {iamc} ({len(table)} rows)")


@main.command(name="table")
@click.argument("results", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@click.option("--base", help="Name (file stem) of the cube the others are set against "
              "[the first].")
@click.option("--csv", "csv_out", type=click.Path(path_type=Path),
              help="Also write the table, in base units, as CSV.")
def table_command(results: tuple[Path, ...], base: str | None, csv_out: Path | None) -> None:
    """The scenario table of RESULTS (cubes, or folders of them) as markdown: net result,
    gross, avoided and net emissions, leakage, backlog, capacity built and carbon shadow
    price, each scenario against a base."""
    import xarray as xr

    from model.data.io import atomic_write
    from model.results.table import scenario_table, to_markdown

    files = [f for path in results for f in
             (sorted(path.glob("*.nc")) if path.is_dir() else [path])
             if f.stem != COMBINED]
    if not files:
        _fail(f"no result cubes (*.nc) in {', '.join(map(str, results))}")
    cubes = {f.stem: xr.load_dataset(f) for f in files}
    try:
        table = scenario_table(cubes, base or files[0].stem)
    except KeyError as exc:
        _fail(str(exc.args[0]))
        return
    click.echo(to_markdown(table), nl=False)
    if csv_out is not None:
        atomic_write(csv_out, lambda tmp: table.to_csv(tmp))
        click.echo(f"wrote {csv_out}")


class _Progress:
    """Progress of a long command on standard error, as ``calibrate`` reports it: each step
    with the seconds so far. One line per step when standard error is not a terminal (a log
    or a pipe stays readable); on a terminal one line rewritten in place. A ``transient``
    progress (a few seconds of reading) shows only on a terminal and is erased when done."""

    def __init__(self, command: str, transient: bool = False) -> None:
        import time

        self.command, self.clock, self.transient = command, time.perf_counter, transient
        self.start, self.tty, self.open = self.clock(), sys.stderr.isatty(), False

    def __call__(self, message: str) -> None:
        """Report the step ``message``."""
        line = f"{self.command}: {message} ({self.clock() - self.start:.0f} s so far)"
        if self.tty:
            click.echo("\r" + line + "\033[K", nl=False, err=True)
            self.open = True
        elif not self.transient:
            click.echo(line, err=True)

    def close(self) -> None:
        """End the rewritten line (erase it if transient) before other output follows."""
        if self.open:
            click.echo("\r\033[K" if self.transient else "", nl=not self.transient, err=True)
            self.open = False


@main.command()
@click.argument("scenario", type=click.Path(path_type=Path))
@click.option("--points", default=8, show_default=True, help="Number of budget steps.")
@click.option("--inputs", type=click.Path(path_type=Path), help="Data package override.")
@click.option("--out", type=click.Path(path_type=Path), help="Curve file [results/NAME_mac.nc].")
@click.option("--report", type=click.Path(path_type=Path),
              help="Also write the curve's report (HTML, PDF) to this folder.")
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True,
              help="Language of the chart and the report.")
def mac(scenario: Path, points: int, inputs: Path | None, out: Path | None,
        report: Path | None, lang: str) -> None:
    """Marginal abatement cost curve of SCENARIO: tighten a horizon budget in POINTS steps.

    Writes the curve (NAME_mac.nc), its table (.csv) and its chart (.svg); `ziya report
    NAME_mac.csv` (or --report) writes its report."""
    from model.data.scenarios import load_scenario
    from model.pipeline import prepare_data
    from model.studies.mac import NothingToAbateError, mac_curve

    try:
        spec = load_scenario(scenario)
    except InputError as exc:
        _fail(str(exc))
        return
    out = out or Path("results") / f"{spec.name}_mac.nc"
    _check_outputs(("--out", out, False), ("--report", report, True))
    progress = _Progress("mac")
    try:
        progress(f"loading {inputs or spec.inputs}")
        data = prepare_data(inputs or spec.inputs, spec)
        curve = mac_curve(data, points, spec.solver, progress=progress)
    except NothingToAbateError as exc:
        progress.close()
        click.echo(str(exc))
        return
    except (InputError, SolveError, AuditError) as exc:
        progress.close()
        _fail(str(exc))
        return
    progress.close()
    _write_mac(curve, out, report, lang)


def _write_mac(curve: xr.Dataset, out: Path, report: Path | None, lang: str) -> None:
    """Write the curve, its table and chart (and its report); print the table."""
    import pandas as pd

    from model.data.io import atomic_write
    from model.report.mac import mac_figure, write_mac_report
    from model.report.numbers import readable_columns
    from model.results.cube import write_results

    _write_solved(lambda path: write_results(curve, path), out)
    table = curve.to_dataframe()
    csv_path, chart_path = out.with_suffix(".csv"), out.with_suffix(".svg")
    _write_solved(lambda path: atomic_write(path, lambda tmp: table.to_csv(tmp)), csv_path)
    chart = mac_figure(table, lang)
    _write_solved(lambda path: atomic_write(path, lambda tmp: tmp.write_text(chart, "utf-8")),
                  chart_path)
    shown = table.assign(objective_cny=-table["objective_cny"]).rename(
        columns={"objective_cny": "net_result_cny"})  # revenue - cost, as everywhere
    with pd.option_context("display.width", 160):
        click.echo(readable_columns(shown).to_string())
    click.echo("(net result = revenue - cost, present value; shadow price = marginal abatement "
               "cost, 0 where the budget does not bind)")
    click.echo(f"\nwrote {out}, {csv_path} and {chart_path}")
    if report is not None:
        written = write_mac_report(table, report, lang, source=str(csv_path))
        click.echo(f"wrote {written['html']} and {written['pdf']}")


@main.command()
@click.argument("scenario", type=click.Path(path_type=Path))
@click.option("--inputs", type=click.Path(path_type=Path), help="Data package override.")
@click.option("--out", type=click.Path(path_type=Path),
              help="Table [results/NAME_sensitivity.csv].")
@click.option("--top", default=10, show_default=True, type=click.IntRange(min=1),
              help="Inputs printed and drawn in the chart.")
@click.option("--parameter", "parameters", multiple=True, metavar="NAME",
              help="Vary only this parameter (repeatable).")
@click.option("--exclude", multiple=True, metavar="NAME", help="Leave this parameter out "
              "(repeatable).")
@click.option("--report", type=click.Path(path_type=Path),
              help="Also write the report (tornado chart, table; HTML, PDF) to this folder.")
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True,
              help="Language of the printed names, the chart and the report.")
def sensitivity(scenario: Path, inputs: Path | None, out: Path | None, top: int,
                parameters: tuple[str, ...], exclude: tuple[str, ...], report: Path | None,
                lang: str) -> None:
    """One-at-a-time sensitivity of SCENARIO over the low-high ranges in its data.

    Every key of a parameter with a range (all years together) is set to its low and its high
    end in turn, the rest at base; the inputs are ranked by the swing of the net result."""
    from model.data.scenarios import apply_scenario, load_scenario
    from model.data.validate import load_data
    from model.studies.sensitivity import NoInputsError, sensitivity_study

    try:
        spec = load_scenario(scenario)
    except InputError as exc:
        _fail(str(exc))
        return
    out = out or Path("results") / f"{spec.name}_sensitivity.csv"
    _check_outputs(("--out", out, False), ("--report", report, True))
    progress = _Progress("sensitivity")
    try:
        progress(f"loading {inputs or spec.inputs}")
        # without the stock model's supply: the study runs it, so its inputs are inputs too
        data = apply_scenario(load_data(inputs or spec.inputs), spec)
        study = sensitivity_study(data, spec.solver, parameters or None, exclude,
                                  progress=progress)
    except (InputError, NoInputsError, AuditError) as exc:
        progress.close()
        _fail(str(exc))
        return
    except SolveError as exc:
        progress.close()
        _fail(f"not optimal: {exc}", 2)
        return
    progress.close()
    _write_sensitivity(study.table, study.base, out, top, report, lang)


def _write_sensitivity(table: pd.DataFrame, base: xr.Dataset, out: Path, top: int,
                       report: Path | None, lang: str) -> None:
    """Write the table (and the report); print its first ``top`` inputs."""
    import pandas as pd

    from model.data.io import atomic_write
    from model.report.numbers import readable_columns
    from model.report.sensitivity import sensitivity_view, write_sensitivity_report

    _write_solved(lambda path: atomic_write(path, lambda tmp: table.to_csv(tmp, index=False)),
                  out)
    with pd.option_context("display.width", 250):
        click.echo(readable_columns(sensitivity_view(table.head(top), base, lang), lang)
                   .to_string())
    failed = int((table[["status_low", "status_high"]] != "optimal").to_numpy().sum())
    click.echo(f"({len(table)} inputs, {2 * len(table)} members, {failed} not optimal; the top "
               f"{min(top, len(table))} by the swing of the net result = revenue - cost, "
               "present value; changes are against the base plan)")
    click.echo(f"\nwrote {out}")
    if report is not None:
        written = write_sensitivity_report(table, base, report, lang, top, source=str(out))
        click.echo(f"wrote {written['html']} and {written['pdf']}")


def _mac_report(path: Path, out: Path | None, lang: str) -> bool:
    """Write the report of a MAC file (its CSV or _mac.nc); False if ``path`` is not one."""
    from model.report.mac import read_mac, write_mac_report

    table = read_mac(path)
    if table is None:
        return False
    out = out or Path("reports") / path.stem
    _check_outputs(("--out", out, True))
    written = write_mac_report(table, out, lang, source=str(path))
    click.echo(f"wrote {written['html']} and {written['pdf']}")
    return True


@main.command()
@click.argument("results", type=click.Path(exists=True, path_type=Path))
@click.option("--csv", "csv_path", type=click.Path(path_type=Path),
              help="Write every ledger entry as a tidy CSV.")
def ledger(results: Path, csv_path: Path | None) -> None:
    """Print the carbon ledger of RESULTS by scope; optionally export all entries."""
    progress = _Progress("ledger", transient=True)
    progress(f"reading {results}")
    from model.data.io import atomic_write

    cube = _single_result(results)
    progress.close()
    if "ledger_by_scope" not in cube:
        status = cube.attrs.get("status", "unknown")
        why = ("the solve was not optimal" if status != "optimal"
               else "it was written by an older ziya; run the scenario again")
        _fail(f"no ledger in {results}: {why}")
        return
    for line in ledger_lines(cube):
        click.echo(line)
    if csv_path is not None:
        table = ledger_entries(cube)
        atomic_write(csv_path, lambda tmp: table.to_csv(tmp, index=False))
        click.echo(f"\nwrote {len(table)} entries to {csv_path}")


#: Why net is what it is, per accounting method (``ziya ledger``).
NET_NOTES = {
    "cut_off": "net = gross: under cut-off accounting avoided emissions are reported beside "
               "the gross, not subtracted (substitution accounting would subtract them)",
    "substitution": "net = gross - avoided: substitution accounting credits the primary "
                    "production that the secondary products sold displace",
}


def ledger_lines(cube: xr.Dataset) -> list[str]:
    """The ledger for the terminal: gross by scope, avoided and net per year in one display
    unit (``model.report.numbers``), the horizon totals and what net means."""
    import pandas as pd

    from model.report.numbers import amount, readable_table
    from model.results.ledger import scope_table

    method = str(cube.attrs.get("carbon_accounting", "cut_off"))
    table = scope_table(cube)
    table["gross"] = cube["ledger_gross"].to_pandas()
    avoided = cube["ledger_avoided"]
    table["avoided"] = avoided.sum("material").to_pandas() if avoided.ndim else 0.0
    table["net"] = cube["ledger_net"].to_pandas()
    title, shown = readable_table("emissions by scope, avoided emissions and net [tCO2e/yr]",
                                  table)
    totals = table[["gross", "avoided", "net"]].sum()
    with pd.option_context("display.width", 140):
        body = shown.to_string()
    return [f"carbon accounting: {method}", "", title, body, "",
            "horizon total: " + ", ".join(f"{name} {amount(float(value), 'emissions')}"
                                          for name, value in totals.items()),
            NET_NOTES.get(method, f"net under {method} accounting")]


def ledger_entries(cube: xr.Dataset) -> pd.DataFrame:
    """The ledger's entries as a tidy table (one row per source and key)."""
    import pandas as pd

    entries = cube["ledger_entry_emissions"]
    columns = {str(name).removeprefix("entry_"): entries[name].to_numpy()
               for name in entries.coords if str(name).startswith("entry_")}
    return pd.DataFrame({**columns, "tco2e": entries.to_numpy()})


@main.command()
@click.option("--sizes", default="S,M", show_default=True, help="Comma-separated: S, M, L, XL.")
@click.option("--repeat", default=1, show_default=True,
              help="Runs per size, and rounds of each re-solve study (medians shown).")
@click.option("--time-limit", default=600.0, show_default=True, help="HiGHS limit per run (s).")
@click.option("--resolve", "resolve_sizes", default="S", show_default=True,
              help="Sizes at which to time 20 carbon-budget and 20 price re-solves, rebuilt "
                   "and in one session ('' for none).")
@click.option("--json", "json_path", type=click.Path(path_type=Path), help="Write all figures.")
@click.option("--backend", "backends", default="highs,pyomo", show_default=True,
              help="Comma-separated: highs (the lean path), pyomo.")
def bench(sizes: str, repeat: int, time_limit: float, resolve_sizes: str,
          json_path: Path | None, backends: str) -> None:
    """Time build, hand-off, HiGHS, extraction and audit on synthetic networks, with peers."""
    import pandas as pd

    from model.bench.synthetic import bench_size
    from model.data.io import atomic_write
    wanted = {s.strip().upper() for s in resolve_sizes.split(",") if s.strip()}
    kinds = [b.strip() for b in backends.split(",") if b.strip()]
    progress = _Progress("bench")
    try:
        rows = [bench_size(size, repeat, time_limit, resolve=size in wanted and kind == kinds[0],
                           backend=kind, progress=progress)
                for size in [s.strip().upper() for s in sizes.split(",") if s.strip()]
                for kind in kinds]
    finally:
        progress.close()
    table = pd.DataFrame(rows).set_index(["size", "backend"])
    phases = ["status", "variables", "constraints", "nonzeros", "prepare", "build", "handoff",
              "highs_run", "extract", "audit", "peak_rss_mb"]
    ratios = [c for c in ("overhead_ratio", "build_ratio", "linopy_ratio", "memory_ratio",
                          "ref_build", "ref_peak_rss_mb", "linopy_build", "linopy_handoff")
              if c in table]
    resolves = [c for c in table if c.startswith(("budget_", "prices_"))]
    with pd.option_context("display.width", 200, "display.float_format", "{:,.3f}".format):
        click.echo(table[phases].to_string())
        click.echo("")
        click.echo(table[ratios].to_string())
        if resolves:
            click.echo("")
            click.echo(table[resolves].dropna(how="all").to_string())
    if json_path is not None:
        atomic_write(json_path, lambda tmp: table.to_json(tmp, indent=1))
        click.echo(f"\nwrote {json_path}")


@main.command()
@click.argument("scenario", type=click.Path(exists=True, path_type=Path),
                default="scenarios/baseline.yaml")
@click.option("--csv", "csv_path", type=click.Path(path_type=Path), help="Write the table.")
def calibrate(scenario: Path, csv_path: Path | None) -> None:
    """Compare SCENARIO's results with published aggregates (inputs/calibration.yaml)."""
    import time

    import pandas as pd

    from model.data.io import atomic_write
    from model.data.scenarios import load_scenario
    from model.pipeline import prepare_data, solve_data
    from model.studies.calibrate import calibration_table, load_checks

    start = time.perf_counter()
    try:
        spec = load_scenario(scenario)
        click.echo(f"calibrate: loading {spec.inputs} with scenario {spec.name}", err=True)
        data = prepare_data(spec.inputs, spec)
        checks = load_checks(Path(spec.inputs) / "calibration.yaml")
    except InputError as exc:
        _fail(str(exc))
        return
    click.echo(f"calibrate: solving ({time.perf_counter() - start:.0f} s so far)", err=True)
    cube = solve_data(data, spec.solver)
    click.echo(f"calibrate: comparing {len(checks)} published figures "
               f"({time.perf_counter() - start:.0f} s so far)\n", err=True)
    table = calibration_table(cube, data, checks)
    with pd.option_context("display.width", 200, "display.max_colwidth", 60):
        click.echo(_calibration_view(table).to_string(index=False))
    for row in table[~table["pass"]].itertuples():
        click.echo(f"\n* {row.item}: {row.note or 'NO NOTE: this deviation is unexplained'}")
    if csv_path is not None:
        atomic_write(csv_path, lambda tmp: table.to_csv(tmp, index=False))
    if (~table["pass"] & (table["note"] == "")).any():
        _fail("calibration: a check fails without an explanation", code=2)


def _calibration_view(table: pd.DataFrame) -> pd.DataFrame:
    """The calibration table for people: plain numbers, deviations and tolerances in %."""
    from model.report.numbers import plain, share

    def signed(value: float) -> str:
        text = share(value, 1)
        return text if text.startswith(("-", "–")) or text == "0.0%" else "+" + text

    return table.drop(columns="note").assign(
        model=table["model"].map(plain), published=table["published"].map(plain),
        deviation=table["deviation"].map(signed), tolerance=table["tolerance"].map(share),
        **{"pass": table["pass"].map({True: "yes", False: "NO"})})


def _report_counterfactual(cube: xr.Dataset, result: Path,
                           against: Path | None) -> xr.Dataset | None:
    """``--against`` (a result file, or 'none'), else the fresh result of the parent."""
    from model.results.counterfactual import read_counterfactual

    if against is not None:
        return None if str(against).lower() == "none" else _single_result(against)
    found, note = read_counterfactual(cube, result)
    if note:
        click.echo(f"note: {note}; the key messages describe this scenario alone "
                   "(or pass --against FILE)", err=True)
    return found


def _single_result(path: Path) -> xr.Dataset:
    """Read one scenario's result cube, or stop with a message for other ziya files."""
    from model.results.cube import read_results

    try:
        cube = read_results(path)
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        _fail(f"{path} is not a readable result file ({reason}); results are the .nc files "
              "that `ziya run` writes")
    if "scenario" in cube.dims:
        _fail(f"{path} combines {cube.sizes['scenario']} scenarios; report it with "
              "`ziya report FOLDER` or open it with xarray and select one scenario")
    if "point" in cube.dims:
        _fail(f"{path} is a MAC curve: `ziya report {path}` writes its report (chart and "
              f"table); the table is also in {path.with_suffix('.csv')}")
    return cube


@main.command(name="export")
@click.argument("results", type=click.Path(exists=True, path_type=Path))
@click.option("--var", "name", required=True,
              help="Cube variable, e.g. flow, sales, cost, activity (a wrong name lists them).")
@click.option("--csv", "csv_path", type=click.Path(path_type=Path),
              help="Write the table here [standard output].")
def export_command(results: Path, name: str, csv_path: Path | None) -> None:
    """Export one variable of RESULTS as a tidy long CSV: its dimensions, their names and
    other descriptions, value and unit; one row per key that exists."""
    from model.data.io import atomic_write
    from model.results.export import long_table

    cube = _single_result(results)
    try:
        table = long_table(cube, name)
    except KeyError as exc:
        _fail(str(exc.args[0]))
        return
    if csv_path is None:
        click.echo(table.to_csv(index=False), nl=False)
        return
    _check_outputs(("--csv", csv_path, False))
    atomic_write(csv_path, lambda tmp: table.to_csv(tmp, index=False, encoding="utf-8"))
    click.echo(f"wrote {len(table)} rows of {name} to {csv_path}", err=True)


@main.command()
@click.argument("results", type=click.Path(exists=True, path_type=Path))
def inspect(results: Path) -> None:
    """Print status, objective and summary tables of a RESULTS file (names, not ids)."""
    progress = _Progress("inspect", transient=True)
    progress(f"reading {results}")
    from model.results.summary import summary_tables

    cube = _single_result(results)
    progress.close()
    _print_headline(cube)
    _print_tables(summary_tables(cube))


if __name__ == "__main__":
    main()
