"""Customers by their ERP name: every tierctl command that reads a customer takes its id, its
Tryton code or its exact name; a name two customers share lists both (exit 2), an unknown
one says so in a sentence (exit 2, with names that contain it as the hint); tables show
name and code beside the id."""

import csv
import io
import unittest

import harness  # first: it puts tests/tryton on the path
import erp  # noqa: E402


class CustomerReference(harness.TrytonDatabaseCase):
    DATABASE_PREFIX = "it_reference"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.acme = erp.create_customer("ACME Großhandel GmbH")
        cls.twin_a = erp.create_customer("Müller, Hans")
        cls.twin_b = erp.create_customer("Müller, Hans")
        # Codes of the ERP's own making; ACME's is also another customer's id.
        harness.query(cls.db, "UPDATE party_party SET code = 'P-' || id")
        harness.query(cls.db, "UPDATE party_party SET code = %s WHERE id = %s",
                      (str(cls.twin_a), cls.acme))
        harness.query(cls.db, "UPDATE party_party SET code = %s WHERE id = %s",
                      ("C-7", cls.twin_b))

    def metrics(self, *reference, check=True):
        return harness.tierctl("metrics", *reference, "--db", harness.uri(self.db), check=check)

    def named(self, output):
        return output.splitlines()[0]

    def test_id_code_and_exact_name_name_the_same_customer(self):
        expected = f"# ACME Großhandel GmbH ({self.twin_a}, id {self.acme}), as of"
        for reference in (f"id:{self.acme}", "ACME Großhandel GmbH", f"code:{self.twin_a}",
                          f"name:ACME Großhandel GmbH"):
            self.assertTrue(self.named(self.metrics(reference).stdout).startswith(expected),
                            reference)
        self.assertIn(f"Müller, Hans (C-7, id {self.twin_b})",
                      self.named(self.metrics("C-7").stdout))

    def test_a_shared_name_lists_the_candidates(self):
        result = self.metrics("Müller, Hans", check=False)
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn("error: 'Müller, Hans' may mean 2 customers: ", result.stderr)
        self.assertIn(f"Müller, Hans (P-{self.twin_a}, id {self.twin_a}) by name", result.stderr)
        self.assertIn(f"Müller, Hans (C-7, id {self.twin_b}) by name", result.stderr)
        self.assertIn("HINT: give its id or code", result.stderr)

    def test_a_number_that_is_an_id_and_another_customers_code_is_ambiguous(self):
        result = self.metrics(str(self.twin_a), check=False)
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn(f"Müller, Hans (P-{self.twin_a}, id {self.twin_a}) by id", result.stderr)
        self.assertIn(f"ACME Großhandel GmbH ({self.twin_a}, id {self.acme}) by code",
                      result.stderr)

    def test_an_unknown_customer_is_one_sentence_with_similar_names(self):
        result = self.metrics("acme", check=False)
        self.assertEqual(result.returncode, 2)
        lines = result.stderr.splitlines()
        self.assertEqual(lines[0], "error: no customer 'acme' (by id, code or name) in the ERP")
        self.assertEqual(lines[1],
                         f"HINT: names that contain it: ACME Großhandel GmbH ({self.twin_a}, "
                         f"id {self.acme})")
        result = self.metrics("id:abc", check=False)
        self.assertEqual(result.returncode, 2)
        self.assertIn("error: 'abc' is not a customer id", result.stderr)
        result = self.metrics("99999999", check=False)
        self.assertEqual(result.returncode, 2)
        self.assertIn("no customer '99999999'", result.stderr)

    def test_every_reading_command_takes_a_name(self):
        for command in (["show"], ["audit", "--customer"]):
            result = harness.tierctl(*command, "ACME Großhandel GmbH", "--db",
                                     harness.uri(self.db), check=False)
            self.assertEqual(result.returncode, 0, result.stderr)
            result = harness.tierctl(*command, "nobody at all", "--db", harness.uri(self.db),
                                     check=False)
            self.assertEqual(result.returncode, 2, command)
            self.assertIn("no customer 'nobody at all'", result.stderr)
        shown = harness.tierctl("show", "C-7", "--db", harness.uri(self.db)).stdout
        self.assertEqual(shown, f"Müller, Hans (C-7, id {self.twin_b}) has not been classified\n")

    def test_the_all_customer_table_shows_code_and_name(self):
        output = harness.tierctl("metrics", "--all", "--db", harness.uri(self.db)).stdout
        rows = {int(row["customer_id"]): row for row in csv.DictReader(io.StringIO(output))}
        self.assertEqual((rows[self.acme]["customer_code"], rows[self.acme]["customer_name"]),
                         (str(self.twin_a), "ACME Großhandel GmbH"))
        self.assertEqual(rows[self.twin_b]["customer_name"], "Müller, Hans")  # quoted comma


if __name__ == "__main__":
    unittest.main(verbosity=2)
