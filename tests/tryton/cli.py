#!/usr/bin/python3
"""Command-line wrapper over erp.py for shell scripts and the demo:
  cli.py DB create-customer NAME            -> prints the party id
  cli.py DB post-invoice PARTY AMOUNT [--date YYYY-MM-DD] [--due-days 0|30]  -> invoice id
  cli.py DB pay-invoice INVOICE [--amount X]
  cli.py DB categories PARTY                -> one "parent / name" per line
  cli.py DB invoices PARTY                  -> the party's customer invoice ids, oldest first"""

import argparse
import datetime
import sys

import erp


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database")
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create-customer")
    create.add_argument("name")
    post = commands.add_parser("post-invoice")
    post.add_argument("party", type=int)
    post.add_argument("amount")
    post.add_argument("--date", type=datetime.date.fromisoformat)
    post.add_argument("--due-days", type=int, default=0)
    pay = commands.add_parser("pay-invoice")
    pay.add_argument("invoice", type=int)
    pay.add_argument("--amount")
    categories = commands.add_parser("categories")
    categories.add_argument("party", type=int)
    invoices = commands.add_parser("invoices")
    invoices.add_argument("party", type=int)
    args = parser.parse_args()

    erp.connect(args.database)
    if args.command == "create-customer":
        print(erp.create_customer(args.name))
    elif args.command == "post-invoice":
        print(erp.post_invoice(args.party, args.amount, args.date, args.due_days))
    elif args.command == "pay-invoice":
        erp.pay_invoice(args.invoice, args.amount)
    elif args.command == "categories":
        for parent, name in erp.party_categories(args.party):
            print(f"{parent} / {name}" if parent else name)
    elif args.command == "invoices":
        for invoice_id in erp.customer_invoices(args.party):
            print(invoice_id)


if __name__ == "__main__":
    try:
        main()
    except Exception as error:  # a person reads this: one line, not a traceback
        sys.exit(f"cli.py: {type(error).__name__}: {error}")
