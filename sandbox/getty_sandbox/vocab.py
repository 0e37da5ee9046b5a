"""Word lists for realistic metadata: names, places and caption parts, unicode included."""

USERS = [
    ("Zoë", None, "Çelik"),
    ("José", "María", "Núñez"),
    ("Björn", None, "Öberg"),
    ("Aoife", None, "O'Sullivan"),
    ("美咲", None, "佐藤"),
    ("Łukasz", None, "Wróbel"),
    ("Amara", "N.", "Okafor"),
    ("Dmitri", None, "Волков"),
    ("Priya", None, "Raghunathan"),
    ("Chloé", None, "Lefèvre"),
    ("Mateus", None, "Gonçalves"),
    ("Sinéad", None, "Ní Bhriain"),
]

PHOTOGRAPHERS = [
    "Ezra Shaw",
    "Clive Brunskill",
    "Ina Fassbender",
    "Mario Tama",
    "Maja Hitij",
    "Tomohiro Ohsumi",
    "Dan Kitwood",
    "Ilse Lâmmer",
    "Getty Images Staff",
    "Joe Raedle",
    "Nicolò Campo",
    "Ronny Hartmann",
    "Alex Pantling",
    "Marta Fernández Jara",
]
CREATIVE_ARTISTS = [
    "Westend61",
    "Tom Werner",
    "SolStock",
    "Hinterhaus Productions",
    "kupicoo",
    "Klaus Vedfelt",
    "Morsa Images",
    "d3sign",
    "Yuichiro Chino",
    "Luis Alvarez",
]

EDITORIAL_COLLECTIONS = [
    (10001, "GSP", "Getty Images Sport"),
    (10002, "GNE", "Getty Images News"),
    (10003, "GEN", "Getty Images Entertainment"),
    (10004, "AFP", "AFP"),
    (10005, "WIR", "WireImage"),
]
CREATIVE_COLLECTIONS = [
    (20001, "DV", "DigitalVision"),
    (20002, "STO", "Stone"),
    (20003, "E+", "E+"),
    (20004, "MOM", "Moment"),
    (20005, "ISI", "iStock"),
]
VIDEO_COLLECTIONS = [
    (30001, "GFN", "Getty Images News Footage"),
    (30002, "DVF", "DigitalVision Vectors Footage"),
    (30003, "MOM", "Moment Motion"),
]

PLACES = [
    ("London", "England", "United Kingdom"),
    ("Paris", "Île-de-France", "France"),
    ("München", "Bavaria", "Germany"),
    ("São Paulo", "São Paulo", "Brazil"),
    ("Tokyo", "Tokyo", "Japan"),
    ("New York", "New York", "United States"),
    ("Zürich", "Zürich", "Switzerland"),
    ("Kraków", "Lesser Poland", "Poland"),
    ("Lagos", "Lagos", "Nigeria"),
    ("Melbourne", "Victoria", "Australia"),
]

TEAMS = [
    "Arsenal",
    "FC Bayern München",
    "Paris Saint-Germain",
    "Flamengo",
    "Kawasaki Frontale",
    "Ajax",
    "Celtic",
    "Atlético de Madrid",
]
EVENTS = [
    "Premier League",
    "UEFA Champions League",
    "Bundesliga",
    "Copa Libertadores",
    "J1 League",
    "World Athletics Championships",
    "Grand Slam final",
]
NEWS = [
    "Climate protesters march",
    "Commuters queue",
    "Firefighters tackle a blaze",
    "Voters cast their ballots",
    "Residents clear debris",
    "Doctors attend a briefing",
]
ENTERTAINMENT = [
    "arrives at the premiere of",
    "attends the gala for",
    "performs at",
    "poses backstage at",
]
FILMS = ["«Les Étoiles»", "The Long Tide", "Nordlicht", "Café Society Revisited", "Ōkami"]

SUBJECTS = [
    "Young woman",
    "Senior couple",
    "Team of engineers",
    "Child",
    "Barista",
    "Family",
    "Cyclist",
    "Group of friends",
    "Farmer",
    "Software developer",
]
ACTIONS = [
    "working on a laptop",
    "laughing together",
    "walking at sunset",
    "cooking dinner",
    "planting vegetables",
    "riding through the city",
    "celebrating a success",
    "looking at the view",
]
SETTINGS = [
    "in a modern office",
    "at home",
    "in the mountains",
    "by the sea",
    "in a café",
    "in an urban park",
    "in a greenhouse",
    "on a rooftop",
]
ADJECTIVES = ["Candid", "Aerial view of", "Close-up of", "Portrait of", "Wide shot of"]

KEYWORDS = [
    "Adult",
    "Business",
    "City",
    "Color Image",
    "Happiness",
    "Lifestyles",
    "Nature",
    "Outdoors",
    "People",
    "Photography",
    "Sport",
    "Soccer",
    "Technology",
    "Travel",
    "Women",
    "Men",
    "Teamwork",
    "Celebration",
    "Horizontal",
    "Vertical",
    "Night",
    "Sunset",
    "Politics",
    "Premiere",
    "Environment",
    "Food",
]

USAGE_RESTRICTIONS = [
    "Contact your local office for all commercial or promotional uses.",
    "Full editorial rights UK, US, Ireland, Italy, Canada (except Quebec). "
    "Restricted editorial rights for daily newspapers elsewhere, please call.",
    "NO SALES IN FRANCE.",
    "Not available for use in advertising without prior clearance.",
    "EDITORIAL USE ONLY. No use in books or on merchandise.",
    "Mandatory credit line required.",
]
RELEASES = ["Model and property released", "Model released", "Not released", "Property released"]

PROJECT_CODES = [
    "MKT-2026",
    "EDIT-NEWS",
    "SOCIAL-EU",
    "BRAND-REFRESH",
    "WEB-UK",
    "PRINT-Q3",
    "CAMPAIGN-ÉTÉ",
    "INTRANET",
]
PROJECT_TITLES = [
    "Spring campaign",
    "Annual report",
    "Website relaunch",
    "Newsroom daily",
    "Product launch — Nordics",
    "Trade fair booth",
    "Customer magazine",
]
NOTES = [
    "Homepage hero",
    "Social post",
    "Print ad, regional",
    "Internal presentation",
    "Newsletter header",
    "Article illustration",
    "",
]
END_CLIENTS = [
    "Acme Retail plc",
    "Nordwind GmbH",
    "Société Générale de Média",
    "Kōbe Foods",
    "Helios Energy",
]
