# gjj-hall: `make run` serves the demo hall, `make test` runs the whole suite (fresh machine OK).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEMO_DIR := var/demo
DEMO_PERSONS ?= 200
HOST ?= 127.0.0.1
PORT ?= 8000
export GJJ_CHROMIUM ?= /usr/bin/chromium

.PHONY: run test test-fast lint format bench setup browser demo clean screenshots

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

# Debian's chromium for the browser tests (Playwright's own browser download cannot be used).
browser:
	@if [ ! -x "$(GJJ_CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	  elif command -v sudo >/dev/null; then \
	    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	  else echo "chromium 未安装，浏览器测试将跳过 (apt-get install chromium)"; fi; \
	fi

demo: $(STAMP)
	mkdir -p var
	GJJ_DEBUG=1 $(PY) manage.py migrate --noinput -v 0
	@if [ ! -f var/.demo-loaded ]; then \
	  echo "生成演示数据 ($(DEMO_PERSONS) 人)…"; \
	  GJJ_DEBUG=1 $(PY) manage.py demo_data --out $(DEMO_DIR) --persons $(DEMO_PERSONS) --seed 1 && \
	  GJJ_DEBUG=1 $(PY) manage.py import_core $(DEMO_DIR) && \
	  touch var/.demo-loaded; \
	fi
	GJJ_DEBUG=1 $(PY) manage.py demo_logins
	GJJ_DEBUG=1 $(PY) manage.py demo_hall

run: demo
	@echo "住房公积金网上服务大厅: http://$(HOST):$(PORT)/  (中心工作台: http://$(HOST):$(PORT)/staff/  中心管理: http://$(HOST):$(PORT)/admin/)"
	@echo "短信验证码在本终端打印 (GJJ_SMS_BACKEND=console)。按 Ctrl+C 停止。"
	GJJ_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

test: $(STAMP) browser
	$(PY) -m pytest -q $(PYTEST_ARGS)

test-fast: $(STAMP)
	$(PY) -m pytest -q -m "not browser" $(PYTEST_ARGS)

# Re-take the pictures in docs/screenshots/ (the README shows them); look at them before committing.
screenshots: $(STAMP) browser
	GJJ_UPDATE_SCREENSHOTS=1 $(PY) -m pytest -q -m browser

lint: $(STAMP)
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: $(STAMP)
	$(PY) bench/run_all.py

clean:
	rm -rf var staticfiles
