"""Load test: gunicorn with DEBUG off against PostgreSQL, driven by locust on the same machine (loopback only).

Builds a fresh database (national-scale index data, 300 initiatives, 50 logged-in users: bench/load_data.py),
collects the static files, then for each round and each worker count starts gunicorn, warms it up, runs two
scenarios with locust headless and stops it:
- throughput: 50 users without think time;
- latency: 50 users with a 1 s think time.
Rounds alternate the variants (A B A B …), so a busy machine hurts all of them alike; the table gives each run and
the median per variant. Worker CPU per request comes from the workers' CPU time over the run.

    .venv/bin/python bench/load_run.py                         # 2 and 4 workers, 2 rounds, 30 s per scenario
    .venv/bin/python bench/load_run.py --workers 2 --rounds 3 --seconds 20
    .venv/bin/python bench/load_run.py --variant old=/tmp/tryg-main --variant new=.   # compare two checkouts
"""

import argparse
import csv
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent


def run(args, env, cwd=ROOT):
    subprocess.run(args, env=env, cwd=cwd, check=True, stdout=subprocess.DEVNULL)


def fresh_database(url: str) -> None:
    import psycopg2

    name = url.rsplit("/", 1)[1]
    admin = psycopg2.connect(url.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def wait_for_port(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not listen on port {port}")


def warm_up(port: int, session: str, initiatives: list[int]) -> None:
    """Every page a few times, so each worker has loaded its templates and translations."""
    paths = [
        "/",
        "/initiativer/?state=godkendt&sub_goal=1",
        f"/initiativer/{initiatives[0]}/",
        "/initiativer/styregruppe/",
        "/tryghedsindeks/",
    ]
    for _ in range(6):
        for path in paths:
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}{path}",
                headers={"Cookie": f"sessionid={session}", "X-Forwarded-Proto": "https"},
            )
            with urllib.request.urlopen(request, timeout=30) as response:
                if response.url != request.full_url:
                    raise RuntimeError(f"{path}: redirected to {response.url} (not logged in?)")


def worker_cpu_seconds(master: psutil.Process) -> float:
    total = 0.0
    for child in master.children():
        try:
            times = child.cpu_times()
            total += times.user + times.system
        except psutil.NoSuchProcess:
            pass
    return total


def scenario(port, env, data_file, think, users, seconds, out_prefix, master) -> dict:
    locust_env = {**env, "BENCH_DATA": data_file, "BENCH_THINK": str(think)}
    cpu_before = worker_cpu_seconds(master)
    subprocess.run(
        [
            str(BIN / "locust"),
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            "--only-summary",
            "-u",
            str(users),
            "-r",
            str(users),
            "-t",
            f"{seconds}s",
            "--host",
            f"http://127.0.0.1:{port}",
            "--csv",
            out_prefix,
            "--loglevel",
            "ERROR",
            "--stop-timeout",
            "5",
        ],
        env=locust_env,
        cwd=ROOT,
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    cpu = worker_cpu_seconds(master) - cpu_before
    with open(f"{out_prefix}_stats.csv", encoding="utf-8") as f:
        rows = {row["Name"]: row for row in csv.DictReader(f)}
    total = rows["Aggregated"]
    count = int(total["Request Count"])
    return {
        "requests": count,
        "errors": int(total["Failure Count"]),
        "rps": float(total["Requests/s"]),
        "p50": float(total["50%"]),
        "p99": float(total["99%"]),
        "cpu_ms": 1000 * cpu / count if count else 0.0,
        "pages": {name: (float(row["50%"]), float(row["99%"])) for name, row in rows.items() if name != "Aggregated"},
    }


def serve(app_dir: Path, env: dict, workers: int, port: int) -> subprocess.Popen:
    return subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "tryg.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--chdir",
            str(app_dir),
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=app_dir,
        start_new_session=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database", default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tryg_load")
    )
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8150")))
    parser.add_argument("--workers", type=int, nargs="+", default=[2, 4])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=30, help="length of each scenario")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--initiatives", type=int, default=300)
    parser.add_argument(
        "--variant",
        action="append",
        default=[],
        help="LABEL=DIR[,ENV=VALUE…]: a checkout to serve, with extra environment",
    )
    parser.add_argument("--out", default=str(ROOT / "bench" / "load_results.md"))
    args = parser.parse_args()

    env = {
        **os.environ,
        "DATABASE_URL": args.database,
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-not-secret",
        "ALLOWED_HOSTS": "127.0.0.1",
        "BEHIND_TLS_PROXY": "true",
        "LOG_LEVEL": "WARNING",
    }
    variants = []
    for spec in args.variant or [f"this={ROOT}"]:
        label, rest = spec.split("=", 1)
        directory, *pairs = rest.split(",")
        variants.append((label, Path(directory).resolve(), dict(pair.split("=", 1) for pair in pairs)))

    work = Path(tempfile.mkdtemp(prefix="tryg-load-"))
    data_file = str(work / "data.json")
    print(f"Database {args.database}: migrating and building the data …", flush=True)
    fresh_database(args.database)
    run([PYTHON, "manage.py", "migrate", "--noinput"], env)
    run([PYTHON, "manage.py", "createcachetable"], env)
    run(
        [
            PYTHON,
            "bench/load_data.py",
            "--initiatives",
            str(args.initiatives),
            "--users",
            str(args.users),
            "--out",
            data_file,
        ],
        env,
    )
    for _label, directory, _extra in variants:
        run([PYTHON, "manage.py", "collectstatic", "--noinput"], env, cwd=directory)
    data = json.loads(Path(data_file).read_text())

    results = []
    for round_number in range(1, args.rounds + 1):
        for label, directory, extra in variants:
            for workers in args.workers:
                server = serve(directory, {**env, **extra}, workers, args.port)
                try:
                    wait_for_port(args.port)
                    warm_up(args.port, data["sessions"][0], data["initiatives"])
                    master = psutil.Process(server.pid)
                    for name, think in (("throughput", 0), ("latency", 1)):
                        load = os.getloadavg()[0]
                        prefix = str(work / f"{label}-{workers}-{name}-{round_number}")
                        figures = scenario(args.port, env, data_file, think, args.users, args.seconds, prefix, master)
                        figures.update(label=label, workers=workers, scenario=name, round=round_number, load=load)
                        results.append(figures)
                        print(
                            f"round {round_number} {label:>6} {workers} workers {name:10} "
                            f"{figures['rps']:7.1f} req/s  p50 {figures['p50']:6.0f} ms  "
                            f"p99 {figures['p99']:6.0f} ms  {figures['cpu_ms']:5.1f} ms CPU/req  "
                            f"{figures['errors']} errors / {figures['requests']}  (load {load:.1f})",
                            flush=True,
                        )
                finally:
                    os.killpg(server.pid, signal.SIGTERM)
                    server.wait(timeout=30)
                    time.sleep(1)
    Path(args.out).write_text(report(results, args), encoding="utf-8")
    print(f"Figures written to {args.out}")


def report(results: list[dict], args) -> str:
    lines = [
        f"Load run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: {args.initiatives} initiatives, "
        f"{args.users} users, {args.seconds} s per scenario, {args.rounds} rounds, {os.cpu_count()} CPUs.",
        "",
        "| variant | workers | scenario | round | req/s | p50 ms | p99 ms | CPU ms/req | errors | load avg |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r['label']} | {r['workers']} | {r['scenario']} | {r['round']} | {r['rps']:.1f} | "
            f"{r['p50']:.0f} | {r['p99']:.0f} | {r['cpu_ms']:.1f} | {r['errors']} | {r['load']:.1f} |"
        )
    lines += [
        "",
        "Medians over the rounds:",
        "",
        "| variant | workers | scenario | req/s | p50 ms | p99 ms | CPU ms/req | errors |",
        "|---|---:|---|---:|---:|---:|---:|---:|",
    ]
    keys = sorted({(r["label"], r["workers"], r["scenario"]) for r in results}, key=lambda k: (k[0], k[1], k[2]))
    for label, workers, name in keys:
        group = [r for r in results if (r["label"], r["workers"], r["scenario"]) == (label, workers, name)]
        lines.append(
            f"| {label} | {workers} | {name} | {statistics.median(r['rps'] for r in group):.1f} | "
            f"{statistics.median(r['p50'] for r in group):.0f} | {statistics.median(r['p99'] for r in group):.0f} | "
            f"{statistics.median(r['cpu_ms'] for r in group):.1f} | {sum(r['errors'] for r in group)} |"
        )
    lines += ["", "Per page, last round (p50 / p99 ms):", ""]
    for r in results[-len(keys) :]:
        pages = "; ".join(f"{name} {p50:.0f}/{p99:.0f}" for name, (p50, p99) in sorted(r["pages"].items()))
        lines.append(f"- {r['label']}, {r['workers']} workers, {r['scenario']}: {pages}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
