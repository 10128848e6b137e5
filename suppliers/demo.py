"""The demo data set (pure data). Every name here is invented."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoSupplier:
    name: str
    country: str
    vendor_number: str
    duns_number: str
    tags: tuple[str, ...]
    contacts: tuple[tuple[str, str, str], ...]  # (name, role, phone); e-mail is derived
    inactive: bool = False


DEMO_SUPPLIERS: tuple[DemoSupplier, ...] = (
    DemoSupplier(
        "Aurora Components GmbH",
        "DE",
        "V-10001",
        "315000001",
        ("Electronics", "Tier 1"),
        (
            ("Anna Keller", "Compliance", "+49 30 5550101"),
            ("Jonas Brandt", "Sales", "+49 30 5550102"),
        ),
    ),
    DemoSupplier(
        "Birchwood Circuits Ltd",
        "GB",
        "V-10002",
        "315000002",
        ("Electronics", "Tier 1"),
        (("Olivia Hart", "Quality", "+44 20 5550 2001"),),
    ),
    DemoSupplier(
        "Cobalt Ridge Metals Inc.",
        "US",
        "V-10003",
        "315000003",
        ("Metals",),
        (
            ("Marcus Lee", "Compliance", "+1 512 555 0103"),
            ("Dana Ortiz", "Sales", "+1 512 555 0104"),
        ),
    ),
    DemoSupplier(
        "Daikoku Precision Co., Ltd.",
        "JP",
        "V-10004",
        "315000004",
        ("Electronics", "Tier 1"),
        (("Haruto Sato", "Quality", "+81 3 5550 0104"),),
    ),
    DemoSupplier(
        "Elbe Solder Technik AG",
        "DE",
        "V-10005",
        "315000005",
        ("Metals", "Solder"),
        (("Lena Vogel", "Compliance", "+49 351 555010"),),
    ),
    DemoSupplier(
        "Fjord Cable Systems AS",
        "NO",
        "V-10006",
        "315000006",
        ("Cables",),
        (("Ingrid Dahl", "Sales", "+47 22 55 50 06"),),
    ),
    DemoSupplier(
        "Granite Fasteners S.A.",
        "ES",
        "V-10007",
        "315000007",
        ("Mechanical",),
        (("Lucía Romero", "Purchasing", "+34 91 555 0107"),),
    ),
    DemoSupplier(
        "Harbor Point Plastics LLC",
        "US",
        "V-10008",
        "315000008",
        ("Plastics",),
        (("Ethan Brooks", "Compliance", "+1 617 555 0108"),),
    ),
    DemoSupplier(
        "Istra Connectors d.o.o.",
        "HR",
        "V-10009",
        "315000009",
        ("Electronics",),
        (("Marko Horvat", "Quality", "+385 1 555 0109"),),
    ),
    DemoSupplier(
        "Jade River Electronics Co.",
        "CN",
        "V-10010",
        "315000010",
        ("Electronics", "Tier 1"),
        (("Li Wei", "Compliance", "+86 21 5550 0110"), ("Zhang Min", "Sales", "+86 21 5550 0111")),
    ),
    DemoSupplier(
        "Kestrel Alloys Pty Ltd",
        "AU",
        "V-10011",
        "315000011",
        ("Metals",),
        (("Chloe Nguyen", "Compliance", "+61 2 5550 0111"),),
    ),
    DemoSupplier(
        "Lumen Display Technologies",
        "KR",
        "V-10012",
        "315000012",
        ("Electronics",),
        (("Kim Ji-woo", "Quality", "+82 2 555 0112"),),
    ),
    DemoSupplier(
        "Meridian Capacitor S.r.l.",
        "IT",
        "V-10013",
        "315000013",
        ("Electronics", "Tantalum"),
        (("Giulia Conti", "Compliance", "+39 02 5550 0113"),),
    ),
    DemoSupplier(
        "Northgate Batteries Oy",
        "FI",
        "V-10014",
        "315000014",
        ("Batteries",),
        (("Aino Virtanen", "Sales", "+358 9 5550 0114"),),
    ),
    DemoSupplier(
        "Orchid Semiconductor Pte Ltd",
        "SG",
        "V-10015",
        "315000015",
        ("Electronics", "Tier 1"),
        (("Tan Mei Ling", "Compliance", "+65 6555 0115"),),
    ),
    DemoSupplier(
        "Pampas Wire S.A.",
        "AR",
        "V-10016",
        "315000016",
        ("Cables",),
        (("Martín Díaz", "Quality", "+54 11 5550 0116"),),
    ),
    DemoSupplier(
        "Quartzline Sensors BV",
        "NL",
        "V-10017",
        "315000017",
        ("Electronics",),
        (("Sanne de Vries", "Compliance", "+31 20 555 0117"),),
    ),
    DemoSupplier(
        "Riverside Gold Plating Inc.",
        "CA",
        "V-10018",
        "315000018",
        ("Metals", "Gold"),
        (("Noah Tremblay", "Compliance", "+1 416 555 0118"),),
    ),
    DemoSupplier(
        "Sakura Motor Parts K.K.",
        "JP",
        "V-10019",
        "315000019",
        ("Mechanical", "Tier 1"),
        (("Yui Tanaka", "Purchasing", "+81 6 5550 0119"),),
    ),
    DemoSupplier(
        "Tidewater Packaging Co.",
        "US",
        "V-10020",
        "315000020",
        ("Packaging",),
        (("Grace Miller", "Sales", "+1 757 555 0120"),),
    ),
    DemoSupplier(
        "Uppsala Magnetics AB",
        "SE",
        "V-10021",
        "315000021",
        ("Mechanical", "Tungsten"),
        (("Erik Lindqvist", "Quality", "+46 18 555 0121"),),
    ),
    DemoSupplier(
        "Vistula Electro Sp. z o.o.",
        "PL",
        "V-10022",
        "315000022",
        ("Electronics",),
        (("Kasia Nowak", "Compliance", "+48 22 555 0122"),),
    ),
    DemoSupplier(
        "Westbrook Tin Works Ltd",
        "GB",
        "V-10023",
        "315000023",
        ("Metals", "Solder"),
        (("Harry Collins", "Compliance", "+44 161 555 0123"),),
    ),
    DemoSupplier(
        "Xiamen Bright Lighting Co.",
        "CN",
        "V-10024",
        "315000024",
        ("Electronics",),
        (("Chen Jie", "Sales", "+86 592 555 0124"),),
        inactive=True,
    ),
    DemoSupplier(
        "Yucatan Assembly S. de R.L.",
        "MX",
        "V-10025",
        "315000025",
        ("Tier 1",),
        (("Sofía Hernández", "Quality", "+52 55 5550 0125"),),
    ),
    DemoSupplier("Zenith Thermal Solutions", "TW", "V-10026", "315000026", ("Mechanical",), ()),
)

# Demo users: (username, role key, supplier name for supplier users).
DEMO_USERS: tuple[tuple[str, str, str | None], ...] = (
    ("compliance", "compliance", None),
    ("committee", "committee", None),
    ("supplier-a", "supplier", "Aurora Components GmbH"),
    ("supplier-b", "supplier", "Birchwood Circuits Ltd"),
)


def demo_email(contact_name: str, supplier_name: str) -> str:
    """A plausible, undeliverable address (example.com is reserved for examples)."""
    local = ".".join(part.lower() for part in contact_name.split() if part.isalpha()) or "contact"
    domain = "".join(ch for ch in supplier_name.split()[0].lower() if ch.isalnum())
    return f"{local}@{domain}.example.com"
