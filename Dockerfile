# npa-schema in a container: `docker build -t npa .` then
# `docker run --rm -v "$PWD:/work" -w /work -e DATABASE_URL npa plan`
FROM python:3.12-slim
RUN apt-get update && apt-get install -y --no-install-recommends unixodbc && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY npa_schema ./npa_schema
RUN pip install --no-cache-dir '.[all]'
WORKDIR /work
ENTRYPOINT ["npa"]
CMD ["--help"]
