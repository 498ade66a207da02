#!/usr/bin/python3
"""Creates a real Tryton 6.0 database to clone for tests and the demo: account_invoice and
account_credit_limit activated, a company (USD), fiscal years for last year and this one
with invoice sequences, a minimal chart of accounts, payment terms (immediate and 30 days),
a service product and a cash payment method. Usage: create_template.py DBNAME"""

import os
import subprocess
import sys
import time
from decimal import Decimal

import psycopg2

import tryton_config


def log(message):
    print(f"create_template: {message}", flush=True)


def create_database(name):
    connection = psycopg2.connect(host=tryton_config.PG_HOST, port=tryton_config.PG_PORT,
                                  user=tryton_config.PG_USER, dbname="postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}" ENCODING \'UTF8\' TEMPLATE template0')
    connection.close()


def initialise_tryton(name):
    """trytond-admin builds Tryton's schema and activates the modules (the slow part)."""
    password_file = tryton_config.config_file() + ".pass"
    with open(password_file, "w") as secret:
        secret.write("admin\n")
    result = subprocess.run(
        ["trytond-admin", "-c", tryton_config.config_file(), "-d", name, "--all",
         "--email", "admin@example.com", "-u", "account_invoice", "account_credit_limit",
         "sale_price_list", "--activate-dependencies"],
        env={**os.environ, "TRYTONPASSFILE": password_file}, stdin=subprocess.DEVNULL,
        capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"create_template: trytond-admin failed for {name}:\n{result.stderr[-3000:]}")


def set_up_accounting(name):
    # Tryton's own scenario helpers live in its test packages, which insist on DB_NAME.
    os.environ.setdefault("DB_NAME", name)
    from proteus import Model, config
    from trytond.modules.account.tests.tools import create_chart, get_accounts
    from trytond.modules.company.tests.tools import create_company, get_company

    import erp

    config.set_trytond(database=name, config_file=tryton_config.config_file())
    create_company()
    company = get_company()
    erp.open_fiscal_years(company)
    create_chart(company)
    accounts = get_accounts(company)

    PaymentTerm = Model.get("account.invoice.payment_term")
    for term_name, days in (("Immediate", 0), ("30 days", 30)):
        term = PaymentTerm(name=term_name)
        line = term.lines.new(type="remainder")
        if days:
            line.relativedeltas.new(days=days)
        term.save()

    ProductCategory = Model.get("product.category")
    category = ProductCategory(name="Services", accounting=True)
    category.account_expense = accounts["expense"]
    category.account_revenue = accounts["revenue"]
    category.save()
    Uom = Model.get("product.uom")
    unit, = Uom.find([("name", "=", "Unit")])
    Template = Model.get("product.template")
    template = Template(name="Consulting", default_uom=unit, type="service",
                        list_price=Decimal("100"), account_category=category)
    template.save()

    Journal = Model.get("account.journal")
    PaymentMethod = Model.get("account.invoice.payment.method")
    cash_journal, = Journal.find([("type", "=", "cash")])
    method = PaymentMethod(name="Cash", journal=cash_journal,
                           credit_account=accounts["cash"], debit_account=accounts["cash"])
    method.save()


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: create_template.py DBNAME")
    name = sys.argv[1]
    started = time.monotonic()
    create_database(name)
    log(f"database {name} created; building Tryton's schema (about 75 s)")
    initialise_tryton(name)
    log(f"modules activated after {time.monotonic() - started:.0f} s")
    # Accounting set-up runs in a child process so that this one keeps no connection open
    # to the database, which must be idle to serve as a template.
    result = subprocess.run([sys.executable, __file__, "--accounting", name])
    if result.returncode != 0:
        sys.exit(f"create_template: accounting set-up of {name} failed")
    log(f"company, fiscal years, chart, payment terms and product ready in "
        f"{time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--accounting":
        set_up_accounting(sys.argv[2])
    else:
        main()
