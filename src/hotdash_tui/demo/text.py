"""The vocabulary of the demo data: a UK DIY & tools seller, its suppliers and components.

Kept apart from the generators so that they read as logic and this reads as a catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ProductTemplate:
    """One kind of product the seller lists, with what goes into it."""

    noun: str
    category: str  # catalog.listings.custom_category
    path: tuple[str, ...]  # catalog.listings.category_path
    variants: tuple[str, ...]
    bom: tuple[tuple[str, str], ...]  # (component sku, quantity)
    fba_fee_pence: int
    keywords: tuple[str, ...]


_POWER = ("Tools & Home Improvement", "Power & Hand Tools", "Power Tools")
_HAND = ("Tools & Home Improvement", "Power & Hand Tools", "Hand Tools")
_FIX = ("Tools & Home Improvement", "Hardware", "Fixings")
_ACC = ("Tools & Home Improvement", "Power Tool Accessories")
_STORE = ("Tools & Home Improvement", "Tool Storage")
_DECOR = ("Tools & Home Improvement", "Painting & Decorating")
_PLUMB = ("Tools & Home Improvement", "Plumbing")

TEMPLATES: tuple[ProductTemplate, ...] = (
    ProductTemplate(
        "18V Cordless Combi Drill",
        "power_tools",
        (*_POWER, "Drills"),
        ("with 2x 2.0Ah Batteries", "Body Only", "with 4.0Ah Battery and Case"),
        (
            ("CMP-MOT18", "1"),
            ("CMP-BAT20", "2"),
            ("CMP-CHG18", "1"),
            ("CMP-CASE", "1"),
            ("PKG-BOXL", "1"),
        ),
        545,
        ("cordless drill", "combi drill", "18v drill", "drill driver"),
    ),
    ProductTemplate(
        "Impact Driver 18V",
        "power_tools",
        (*_POWER, "Impact Drivers"),
        ("Brushless", "Compact", "with Bit Set"),
        (("CMP-MOT18", "1"), ("CMP-BAT20", "1"), ("CMP-CHG18", "1"), ("PKG-BOXL", "1")),
        498,
        ("impact driver", "18v impact driver"),
    ),
    ProductTemplate(
        "Orbital Sander 240W",
        "power_tools",
        (*_POWER, "Sanders"),
        ("with Dust Bag", "with 20 Sheets"),
        (("CMP-MOT240", "1"), ("ACC-SAND", "20"), ("PKG-BOXL", "1")),
        462,
        ("orbital sander", "palm sander", "electric sander"),
    ),
    ProductTemplate(
        "Jigsaw 650W",
        "power_tools",
        (*_POWER, "Saws"),
        ("with Laser Guide", "with 5 Blades"),
        (("CMP-MOT650", "1"), ("ACC-JIG", "5"), ("PKG-BOXL", "1")),
        512,
        ("jigsaw", "electric jigsaw", "wood saw"),
    ),
    ProductTemplate(
        "Claw Hammer 16oz",
        "hand_tools",
        (*_HAND, "Hammers"),
        ("Fibreglass Handle", "Steel Shaft"),
        (("CMP-HAMHEAD", "1"), ("CMP-HANDLE", "1"), ("PKG-CARD", "1")),
        310,
        ("claw hammer", "hammer 16oz", "carpentry hammer"),
    ),
    ProductTemplate(
        "Spirit Level",
        "hand_tools",
        (*_HAND, "Levels"),
        ("600mm", "1200mm", "Torpedo 230mm"),
        (("CMP-ALUPROF", "1"), ("CMP-VIAL", "3"), ("PKG-SLEEVE", "1")),
        330,
        ("spirit level", "builders level", "magnetic level"),
    ),
    ProductTemplate(
        "Tape Measure",
        "hand_tools",
        (*_HAND, "Measuring"),
        ("5m", "8m", "10m Pro"),
        (("CMP-TAPE", "1"), ("PKG-BLISTER", "1")),
        215,
        ("tape measure", "measuring tape", "8m tape"),
    ),
    ProductTemplate(
        "Screwdriver Set",
        "hand_tools",
        (*_HAND, "Screwdrivers"),
        ("12 Piece", "VDE Insulated 7 Piece", "Precision 24 Piece"),
        (("CMP-SDRIVER", "12"), ("PKG-BLISTER", "1")),
        265,
        ("screwdriver set", "vde screwdrivers", "electricians screwdriver"),
    ),
    ProductTemplate(
        "Wood Screws Assorted",
        "screws",
        (*_FIX, "Screws"),
        ("1000 Pack", "500 Pack", "Trade Box 2000"),
        (("FIX-WSCREW", "10"), ("PKG-TUB", "1"), ("PKG-LABEL", "1")),
        298,
        ("wood screws", "assorted screws", "pozi screws", "screw box"),
    ),
    ProductTemplate(
        "Wall Plugs and Screws",
        "fixings",
        (*_FIX, "Wall Plugs"),
        ("200 Pack", "Brown 7mm 100 Pack"),
        (("FIX-PLUG", "2"), ("FIX-WSCREW", "2"), ("PKG-TUB", "1")),
        240,
        ("wall plugs", "rawl plugs", "wall anchors"),
    ),
    ProductTemplate(
        "Plasterboard Fixings",
        "fixings",
        (*_FIX, "Cavity Fixings"),
        ("Self Drill 100 Pack", "Spring Toggle 50 Pack"),
        (("FIX-PBOARD", "1"), ("PKG-BAG", "1"), ("PKG-LABEL", "1")),
        235,
        ("plasterboard fixings", "drywall anchors", "cavity fixings"),
    ),
    ProductTemplate(
        "HSS Drill Bit Set",
        "accessories",
        (*_ACC, "Drill Bits"),
        ("19 Piece", "25 Piece Cobalt"),
        (("ACC-HSS", "19"), ("CMP-BITCASE", "1")),
        255,
        ("drill bits", "hss drill bits", "metal drill bits"),
    ),
    ProductTemplate(
        "SDS Plus Masonry Bits",
        "accessories",
        (*_ACC, "Drill Bits"),
        ("5 Piece", "12 Piece with Chisels"),
        (("ACC-SDS", "5"), ("CMP-BITCASE", "1")),
        280,
        ("sds drill bits", "masonry bits", "sds plus"),
    ),
    ProductTemplate(
        "Hole Saw Kit",
        "accessories",
        (*_ACC, "Hole Saws"),
        ("11 Piece", "Bi-Metal 16 Piece"),
        (("ACC-HOLESAW", "11"), ("CMP-BITCASE", "1")),
        320,
        ("hole saw", "hole saw kit", "bi metal hole saw"),
    ),
    ProductTemplate(
        "Tool Bag",
        "storage",
        _STORE,
        ("18 inch", "24 inch Wide Mouth"),
        (("CMP-CANVAS", "2"), ("CMP-ZIP", "1"), ("PKG-BAG", "1")),
        420,
        ("tool bag", "tool storage", "tradesman bag"),
    ),
    ProductTemplate(
        "Decorating Kit",
        "decorating",
        _DECOR,
        ("10 Piece", "Roller and Tray Set"),
        (("CMP-ROLLER", "2"), ("CMP-BRUSH", "3"), ("PKG-BOXS", "1")),
        380,
        ("paint roller", "decorating kit", "paint brush set"),
    ),
    ProductTemplate(
        "Pipe Cutter 15-22mm",
        "plumbing",
        _PLUMB,
        ("Copper", "Plastic Pipe Shears"),
        (("CMP-CUTTER", "1"), ("PKG-BLISTER", "1")),
        225,
        ("pipe cutter", "copper pipe cutter", "plumbing tools"),
    ),
)

# (sku, name, component_type, unit cost in GBP as decimal text, unit of measure, supplier code)
COMPONENTS: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("CMP-MOT18", "18V brushed motor assembly", "raw_material", "11.4000", "each", "SHZ"),
    ("CMP-BAT20", "18V 2.0Ah Li-ion battery pack", "raw_material", "7.9500", "each", "SHZ"),
    ("CMP-CHG18", "18V fast charger", "accessory", "4.2000", "each", "SHZ"),
    ("CMP-CASE", "Blow-moulded carry case", "packaging", "3.1000", "each", "NGB"),
    ("CMP-MOT240", "240W sander motor", "raw_material", "8.7500", "each", "SHZ"),
    ("CMP-MOT650", "650W jigsaw motor", "raw_material", "10.2000", "each", "SHZ"),
    ("CMP-HAMHEAD", "Drop-forged hammer head 16oz", "raw_material", "2.3500", "each", "TWN"),
    ("CMP-HANDLE", "Fibreglass handle with grip", "raw_material", "1.4200", "each", "TWN"),
    ("CMP-ALUPROF", "Aluminium level profile", "raw_material", "2.9000", "each", "MID"),
    ("CMP-VIAL", "Acrylic level vial", "raw_material", "0.3100", "each", "MID"),
    ("CMP-TAPE", "Steel tape blade and housing", "raw_material", "1.8500", "each", "TWN"),
    ("CMP-SDRIVER", "Chrome vanadium screwdriver", "raw_material", "0.4400", "each", "TWN"),
    ("FIX-WSCREW", "Zinc wood screws (per 100)", "raw_material", "0.6200", "each", "BHF"),
    ("FIX-PLUG", "Nylon wall plugs (per 100)", "raw_material", "0.3800", "each", "BHF"),
    (
        "FIX-PBOARD",
        "Self-drill plasterboard fixings (per 100)",
        "raw_material",
        "2.6000",
        "each",
        "BHF",
    ),
    ("ACC-SAND", "Sanding sheet 93mm", "accessory", "0.0900", "each", "MID"),
    ("ACC-JIG", "T-shank jigsaw blade", "accessory", "0.2100", "each", "GER"),
    ("ACC-HSS", "HSS twist drill bit", "accessory", "0.1600", "each", "GER"),
    ("ACC-SDS", "SDS Plus masonry bit", "accessory", "0.7400", "each", "GER"),
    ("ACC-HOLESAW", "Bi-metal hole saw", "accessory", "0.9500", "each", "GER"),
    ("CMP-BITCASE", "Moulded bit case", "packaging", "0.8800", "each", "NGB"),
    ("CMP-CANVAS", "600D canvas panel", "raw_material", "1.1500", "meter", "NGB"),
    ("CMP-ZIP", "Heavy-duty zip", "raw_material", "0.4600", "each", "NGB"),
    ("CMP-ROLLER", "9in roller sleeve", "raw_material", "0.7200", "each", "MID"),
    ("CMP-BRUSH", "Synthetic paint brush", "raw_material", "0.5400", "each", "MID"),
    ("CMP-CUTTER", "Pipe cutter body and wheel", "raw_material", "2.1000", "each", "TWN"),
    ("PKG-BOXL", "Retail box, large", "packaging", "0.9200", "each", "NGB"),
    ("PKG-BOXS", "Retail box, small", "packaging", "0.4100", "each", "NGB"),
    ("PKG-CARD", "Header card", "packaging", "0.0800", "each", "NGB"),
    ("PKG-SLEEVE", "Printed sleeve", "packaging", "0.1500", "each", "NGB"),
    ("PKG-BLISTER", "Clamshell blister", "packaging", "0.2600", "each", "NGB"),
    ("PKG-TUB", "Compartment tub", "packaging", "0.5800", "each", "NGB"),
    ("PKG-BAG", "Resealable poly bag", "packaging", "0.0400", "each", "NGB"),
    ("PKG-LABEL", "FNSKU barcode label", "label", "0.0200", "each", "NGB"),
)

# (code, name, country, lead time days, payment terms)
SUPPLIERS: tuple[tuple[str, str, str, int, str], ...] = (
    ("SHZ", "Shenzhen Powerdrive Manufacturing", "CN", 42, "T/T 30/70"),
    ("TWN", "Taichung Hand Tool Works", "TW", 35, "Net30"),
    ("GER", "Remscheid Präzisionswerkzeuge", "DE", 14, "Net30"),
    ("BHF", "Black Country Fixings Ltd", "GB", 5, "Net30"),
    ("MID", "Midlands Trade Supplies", "GB", 4, "Net45"),
    ("NGB", "Ningbo Packaging & Cases Co", "CN", 38, "T/T 30/70"),
    ("LDS", "Leeds Workwear & Bags", "GB", 7, "COD"),
    ("PLX", "Polska Metal Components", "PL", 12, "Net60"),
)

BRANDS = ("Forgeline", "Brackwell", "Hexmoor", "Stanmore", "Tradecraft")
OUR_SELLER = "Hexmoor Tools UK"
RIVAL_SELLERS = (
    "ToolStation Direct",
    "DIY Depot UK",
    "BuildBase Online",
    "Amazon",
    "ScrewFix Marketplace",
    "Tradesman Warehouse",
    "Hammer & Nail Ltd",
    "ProTool Outlet",
)
RIVAL_BRANDS = ("Makita", "DeWalt", "Bosch", "Stanley", "Einhell", "Ryobi", "Silverline", "Draper")
LISTING_TAGS = (
    "bestseller",
    "seasonal",
    "clearance",
    "new_launch",
    "bundle",
    "trade",
    "low_stock",
    "price_watch",
)
OPERATORS = ("amelia.hart", "tom.okafor", "priya.shah", "liam.walsh", "ops-bot")
