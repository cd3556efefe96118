FROM python:3.11-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends gettext npm libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md requirements.lock ./
RUN pip install --no-cache-dir -r requirements.lock && pip install --no-cache-dir --no-deps -e .
COPY . .
RUN python scripts/assets.py && DEBUG=1 python manage.py compilemessages --ignore 'node_modules/*' -v 0
EXPOSE 8000
CMD ["gunicorn", "portal.wsgi:application", "--bind", "0.0.0.0:8000"]
