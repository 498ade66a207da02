"""A small API over proteus for one Tryton database: customers, invoices posted and paid
through Tryton's own business logic, and what Tryton's API reads back (categories, credit
limits). One database per process: call connect(dbname) first.

Every read builds fresh proteus records, and every proteus call is its own Tryton
transaction, so values written into PostgreSQL by tierd are seen as soon as committed."""

import datetime
from decimal import Decimal

import tryton_config

_state = {}


class RolledBack(Exception):
    """Raised inside a Tryton transaction to make it roll back."""


def connect(dbname):
    from proteus import config
    config.set_trytond(database=dbname, config_file=tryton_config.config_file())
    _state["dbname"] = dbname
    from proteus import Model
    User = Model.get("res.user")
    # The admin user's preferences carry the company into every later call's context.
    config.get_config()._context = User.get_preferences(True, {})


def _model(name):
    from proteus import Model
    return Model.get(name)


def _payment_term(days):
    name = "30 days" if days else "Immediate"
    if days not in (0, 30):
        raise ValueError(f"payment terms in the template are 0 or 30 days, not {days}")
    term, = _model("account.invoice.payment_term").find([("name", "=", name)])
    return term


def days_ago(days):
    return datetime.date.today() - datetime.timedelta(days=days)


def create_customer(name):
    party = _model("party.party")(name=name)
    party.save()
    return party.id


def merge_parties(source_id, destination_id):
    """Tryton's Replace Party wizard: the source's invoices, move lines and addresses go
    to the destination, and the source is deactivated, replaced_by the destination. The
    two must have the same name (else Tryton asks for a confirmation)."""
    from proteus import Wizard
    Party = _model("party.party")
    replace = Wizard("party.replace", models=[Party(source_id)])
    replace.form.source = Party(source_id)
    replace.form.destination = Party(destination_id)
    replace.execute("replace")


def add_company(name):
    """A second company (same currency) with its own chart of accounts, fiscal years for
    last year and this one with invoice sequences, and revenue accounts for the Consulting
    product's category; the user works in it afterwards (see use_company)."""
    import os
    from proteus import config
    # Tryton's scenario helpers live in its test packages, which insist on DB_NAME.
    os.environ.setdefault("DB_NAME", _state["dbname"])
    from trytond.modules.account.tests.tools import create_chart, get_accounts
    from trytond.modules.company.tests.tools import create_company
    party = _model("party.party")(name=name)
    party.save()
    create_company(party=party)
    company, = _model("company.company").find([("party.name", "=", name)])
    use_company(name)
    open_fiscal_years(company)
    create_chart(company)
    accounts = get_accounts(company)
    category, = _model("product.category").find([("name", "=", "Services")])
    category.account_revenue = accounts["revenue"]
    category.account_expense = accounts["expense"]
    category.save()
    cash_journal, = _model("account.journal").find([("type", "=", "cash")])
    _model("account.invoice.payment.method")(
        name="Cash", company=company, journal=cash_journal,
        credit_account=accounts["cash"], debit_account=accounts["cash"]).save()
    del config
    return company.id


def open_fiscal_years(company):
    """Fiscal years for last year and this one, with monthly periods and invoice sequences,
    so invoices can be dated across the year boundary. Needs DB_NAME set (Tryton's scenario
    helpers live in its test packages)."""
    from trytond.modules.account.tests.tools import create_fiscalyear
    from trytond.modules.account_invoice.tests.tools import set_fiscalyear_invoice_sequences
    today = datetime.date.today()
    for year in (today.year - 1, today.year):
        fiscalyear = set_fiscalyear_invoice_sequences(
            create_fiscalyear(company, today=datetime.date(year, 6, 1)))
        fiscalyear.click("create_period")


def use_company(name):
    """Makes the company named `name` the user's current one, as the company switch of
    Tryton's client does: later calls read and write in its books."""
    from proteus import config
    User = _model("res.user")
    user = User(config.get_config().user)
    company, = _model("company.company").find([("party.name", "=", name)])
    user.company = company
    user.save()
    config.get_config()._context = User.get_preferences(True, {})


def party_receivable(party_id):
    """What the party form shows as Receivable, in the current company."""
    return _model("party.party")(party_id).receivable


def deactivate_customer(party_id):
    """Unticks Active on the party form."""
    party = _model("party.party")(party_id)
    party.active = False
    party.save()


def create_price_list(name):
    """A sale price list of the company (sale_price_list), without lines."""
    price_list = _model("product.price_list")(name=name)
    price_list.save()
    return price_list.id


def party_payment_term(party_id):
    """The customer payment term on the party form, by name (None when unset)."""
    term = _model("party.party")(party_id).customer_payment_term
    return term.name if term else None


def party_sale_price_list(party_id):
    """The sale price list on the party form (for the user's company), by name."""
    price_list = _model("party.party")(party_id).sale_price_list
    return price_list.name if price_list else None


def new_invoice_payment_term(party_id):
    """The payment term Tryton proposes on a new customer invoice for the party (not saved)."""
    invoice = _model("account.invoice")(type="out")
    invoice.party = _model("party.party")(party_id)
    return invoice.payment_term.name if invoice.payment_term else None


def _draft_invoice(party_id, amount, invoice_date=None, due_days=0):
    Invoice = _model("account.invoice")
    product, = _model("product.product").find([("name", "=", "Consulting")])
    invoice = Invoice(type="out")
    invoice.party = _model("party.party")(party_id)
    invoice.payment_term = _payment_term(due_days)
    invoice.invoice_date = invoice_date or datetime.date.today()
    line = invoice.lines.new()
    line.product = product
    line.quantity = 1
    line.unit_price = Decimal(str(amount))
    invoice.save()
    return invoice


def _post_in_transaction(invoice_id, commit):
    """Posts with Tryton's own Invoice.post in a transaction of our own, so that warnings
    (e.g. "payment date in the past" for a back-dated invoice) are answered "yes" as the
    user would in Tryton's client, and so that the transaction can be rolled back."""
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    context = dict(_model("res.user").get_preferences(True, {}), _skip_warnings=True)
    try:
        with Transaction().start(_state["dbname"], 1, context=context):
            Invoice = Pool().get("account.invoice")
            Invoice.post([Invoice(invoice_id)])
            if not commit:
                raise RolledBack()
    except RolledBack:
        pass


def post_invoice(party_id, amount, invoice_date=None, due_days=0):
    """Posts a customer invoice of `amount` (one line, no tax); returns its id. With a past
    `invoice_date` and `due_days` short enough, the invoice is already overdue."""
    invoice = _draft_invoice(party_id, amount, invoice_date, due_days)
    _post_in_transaction(invoice.id, commit=True)
    return invoice.id


def draft_invoice(party_id, amount):
    """Makes a draft customer invoice of `amount` for the party, today's; returns its id."""
    return _draft_invoice(party_id, amount).id


def post_draft(invoice_id):
    """Posts a draft invoice with Tryton's own Invoice.post, in a transaction of its own."""
    _post_in_transaction(invoice_id, commit=True)


def post_invoice_rolled_back(party_id, amount):
    """Makes a draft invoice (committed: drafts do not count), then posts it inside a
    transaction that is rolled back. Returns the draft's id."""
    draft = _draft_invoice(party_id, amount)
    _post_in_transaction(draft.id, commit=False)
    return draft.id


def invoice_state(invoice_id):
    return _model("account.invoice")(invoice_id).state


def pay_invoice(invoice_id, amount=None, date=None):
    """Pays through the account.invoice.pay wizard: in full, or `amount` as a partial payment
    that leaves the rest to pay."""
    from proteus import Wizard
    invoice = _model("account.invoice")(invoice_id)
    method, = _model("account.invoice.payment.method").find(
        [("name", "=", "Cash"), ("company", "=", invoice.company.id)])
    pay = Wizard("account.invoice.pay", [invoice])
    pay.form.payment_method = method
    pay.form.date = date or datetime.date.today()
    if amount is not None:
        pay.form.amount = Decimal(str(amount))
    pay.execute("choice")
    # Less than the amount to pay: Tryton asks how to treat the rest (proteus reports the
    # state as "choice" while it shows the "ask" form).
    if pay.form is not None and "type" in pay.form._fields:
        pay.form.type = "partial"
        pay.execute("pay")


def customer_invoice_records(party_id):
    """The party's customer invoices as proteus records, read fresh."""
    return _model("account.invoice").find([("party", "=", party_id), ("type", "=", "out")])


def credit_invoice(invoice_id):
    """Credits the invoice in full through Tryton's credit wizard, with refund: the credit
    note is posted and reconciled against the invoice."""
    from proteus import Wizard
    credit = Wizard("account.invoice.credit", [_model("account.invoice")(invoice_id)])
    credit.form.with_refund = True
    credit.execute("credit")


def cancel_invoice(invoice_id):
    """Cancels a posted customer invoice with Tryton's Cancel button, which Tryton allows
    once the company's "Cancel Customer Invoice" option is set (set here, as an admin
    would): Tryton posts a cancelling move and reconciles it with the invoice's."""
    invoice = _model("account.invoice")(invoice_id)
    company = _model("company.company")(invoice.company.id)
    if not company.cancel_invoice_out:
        company.cancel_invoice_out = True
        company.save()
    invoice = _model("account.invoice")(invoice_id)
    invoice.click("cancel")


def customer_invoices(party_id):
    """Ids of the party's customer invoices, oldest first."""
    invoices = _model("account.invoice").find(
        [("party", "=", party_id), ("type", "=", "out")], order=[("id", "ASC")])
    return [invoice.id for invoice in invoices]


def add_category(party_id, name):
    """Puts the party in a category of the user's own (created if missing), as a Tryton
    user would in the party form."""
    Category = _model("party.category")
    found = Category.find([("name", "=", name), ("parent", "=", None)])
    category = found[0] if found else Category(name=name)
    if not found:
        category.save()
    party = _model("party.party")(party_id)
    party.categories.append(Category(category.id))
    party.save()


def party_categories(party_id):
    """The party's categories as Tryton reads them: sorted (parent name or None, name)."""
    party = _model("party.party")(party_id)
    return sorted(((c.parent.name if c.parent else None, c.name) for c in party.categories),
                  key=lambda pair: (pair[0] or "", pair[1]))


def party_notes(party_id):
    """The messages of the notes on the party, oldest first, as Tryton's API reads them."""
    notes = _model("ir.note").find([("resource", "=", f"party.party,{party_id}")],
                                    order=[("id", "ASC")])
    return [note.message for note in notes]


def party_credit_limit(party_id):
    """The credit limit as Tryton reads it (for the user's company)."""
    return _model("party.party")(party_id).credit_limit_amount


def credit_limit_refusal(party_id, amount):
    """Runs Tryton's own credit-limit check (account_credit_limit's
    Party.check_credit_limit) for `amount` more; returns Tryton's error message, or None
    when Tryton allows it."""
    from trytond.exceptions import UserError
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    context = dict(_model("res.user").get_preferences(True, {}))
    with Transaction().start(_state["dbname"], 1, context=context, readonly=True):
        Party = Pool().get("party.party")
        try:
            Party(party_id).check_credit_limit(Decimal(str(amount)))
        except UserError as error:
            return str(error)
    return None


def country(code, name):
    """The country of ISO code `code`, created if the database lacks it (Tryton's template
    has no countries loaded); returns its id."""
    Country = _model("country.country")
    found = Country.find([("code", "=", code)])
    if found:
        return found[0].id
    record = Country(name=name, code=code)
    record.save()
    return record.id


def subdivision(code, name, country_id):
    """The state or province of ISO 3166-2 code `code` in the country, created if missing."""
    Subdivision = _model("country.subdivision")
    found = Subdivision.find([("code", "=", code)])
    if found:
        return found[0].id
    record = Subdivision(name=name, code=code, type="state",
                         country=_model("country.country")(country_id))
    record.save()
    return record.id


def set_invoice_address(party_id, country_id=None, subdivision_id=None, city=None):
    """Sets the party's first address (the one Tryton made with the party) as its invoice
    address, in the party form as a user would; None clears a value."""
    party = _model("party.party")(party_id)
    address = party.addresses[0]
    address.invoice = True
    address.country = _model("country.country")(country_id) if country_id else None
    address.subdivision = (_model("country.subdivision")(subdivision_id) if subdivision_id
                           else None)
    address.city = city
    party.save()


def remove_addresses(party_id):
    """Deletes every address of the party."""
    party = _model("party.party")(party_id)
    while party.addresses:
        party.addresses.remove(party.addresses[0])
    party.save()


def category_path(*names):
    """The category names[-1] under names[-2] ... under names[0], created where missing (the
    ERP users' own categories, e.g. "industry" / "retail"); returns the last one's id."""
    Category = _model("party.category")
    parent = None
    for name in names:
        found = Category.find([("name", "=", name), ("parent", "=", parent)])
        if found:
            category = found[0]
        else:
            category = Category(name=name,
                                parent=Category(parent) if parent is not None else None)
            category.save()
        parent = category.id
    return parent


def give_category(party_id, category_id):
    """Adds the category to the party, in the party form as a user would."""
    party = _model("party.party")(party_id)
    party.categories.append(_model("party.category")(category_id))
    party.save()


def take_category(party_id, category_id):
    party = _model("party.party")(party_id)
    for category in list(party.categories):
        if category.id == category_id:
            party.categories.remove(category)
    party.save()
