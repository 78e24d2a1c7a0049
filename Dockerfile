# syntax=docker/dockerfile:1
# Kickoff: one image for the front (`kickoff serve`), the workers (`kickoff pool` / `kickoff worker`)
# and the client commands (`kickoff keys create …`). The example pipeline is in /app/examples.
#
#   docker build -t kickoff .
#   docker run --rm kickoff --help
#
# Not built on the machine this was written on (no Docker engine there): scripts/check-deploy runs
# `docker build --check` when an engine answers, and a Swift test checks the command lines below.

# --- build ------------------------------------------------------------------------------------------
FROM swift:6.3-bookworm AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends libhiredis-dev zlib1g-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Dependencies first, so that a change in Sources/ does not resolve them again.
COPY Package.swift ./
RUN swift package resolve
# Tests/ too: SwiftPM loads every target of the manifest, test targets included, to build one product.
COPY Sources ./Sources
COPY Tests ./Tests
# --static-swift-stdlib links the Swift runtime, Foundation and Dispatch into the binary; it needs
# nothing more in the build image (the static libraries ship with the swift image). The binary still
# links dynamically against glibc, libstdc++ (part of bookworm-slim already, since apt needs it),
# libm, libhiredis (libhiredis0.14 below) and zlib (zlib1g, in every Debian image): system libraries,
# never linked statically.
RUN swift build -c release --product kickoff --static-swift-stdlib \
    && install -D -m 0755 "$(swift build -c release --show-bin-path)/kickoff" /out/kickoff

# --- runtime ----------------------------------------------------------------------------------------
FROM debian:bookworm-slim
# tini as PID 1: `kickoff pool` reaps only the workers it started (waitpid on their pids) and
# `kickoff serve` / `kickoff worker` reap nothing that is not their own child, so a process a step
# leaves behind, re-parented to PID 1, would stay a zombie. tini reaps those and passes SIGTERM on to
# kickoff, which drains (pool, worker) or shuts down (serve) itself. Without -g: the pool sends
# SIGTERM to its workers itself, and a second signal would make it kill them at once.
# bubblewrap: for pipelines with `isolation: sandbox` (README, Security).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libhiredis0.14 python3 python3-venv ca-certificates tini bubblewrap \
    && rm -rf /var/lib/apt/lists/*

# The Python that the example's steps run with (`run: [python3, steps.py, …]` finds it on PATH;
# the pipeline passes PATH on to its steps with inherit_env).
COPY examples/training/requirements.txt /tmp/requirements.txt
RUN python3 -m venv /opt/venv \
    && /opt/venv/bin/pip install --no-cache-dir -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1

COPY --from=build /out/kickoff /usr/local/bin/kickoff
COPY examples /app/examples

RUN groupadd --system --gid 10001 kickoff \
    && useradd --system --uid 10001 --gid 10001 --create-home --home-dir /home/kickoff kickoff
USER 10001:10001
WORKDIR /app

EXPOSE 8080
ENTRYPOINT ["/usr/bin/tini", "--", "kickoff"]
CMD ["--help"]
