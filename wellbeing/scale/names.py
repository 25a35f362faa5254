"""Made-up names and places for the national data set (Dutch, as the two organisations are)."""

FIRST_NAMES = (
    "Anna Bram Carla Daan Eva Fleur Gert Hanneke Iris Jan Joost Karin Lars Lotte Mark Mila Niels "
    "Noor Olaf Petra Pieter Quinten Rik Roos Sanne Sem Tess Thijs Ufuk Vera Wouter Yara Zoë Ahmed "
    "Bas Chantal Dewi Emre Fatima Hugo Ilse Jesse Kees Linda Mohamed Nadia Omar Rachid Sofie Tim"
).split()
LAST_NAMES = (
    "de Jong|Jansen|de Vries|van den Berg|van Dijk|Bakker|Janssen|Visser|Smit|Meijer|de Boer|Mulder|"
    "de Groot|Bos|Vos|Peters|Hendriks|van Leeuwen|Dekker|Brouwer|de Wit|Dijkstra|Smits|de Graaf|"
    "van der Meer|van der Linden|Kok|Jacobs|de Haan|Vermeulen|van den Heuvel|van der Veen|Yilmaz|"
    "El Amrani|Kaya|Wijaya|Postma|Kuipers|Huisman|Verhoeven"
).split("|")

# The ten regional units of the Dutch police.
POLICE_REGIONS = [
    "Noord-Nederland",
    "Oost-Nederland",
    "Midden-Nederland",
    "Noord-Holland",
    "Amsterdam",
    "Den Haag",
    "Rotterdam",
    "Zeeland-West-Brabant",
    "Oost-Brabant",
    "Limburg",
]
# Cities with a penitentiary institution (the prison service's "districts").
PRISON_SITES = [
    "Leeuwarden",
    "Veenhuizen",
    "Zwolle",
    "Almelo",
    "Arnhem",
    "Nijmegen",
    "Vught",
    "Roermond",
    "Heerhugowaard",
    "Zaanstad",
    "Alphen aan den Rijn",
    "Rotterdam",
    "Dordrecht",
    "Krimpen aan den IJssel",
    "Middelburg",
    "Ter Apel",
    "Den Haag",
    "Lelystad",
    "Sittard",
    "Grave",
]
PRISON_SECTORS = ["Noord", "Oost", "Zuid", "West", "Midden", "Randstad"]


def police_label(kind, r, d, t):
    region = POLICE_REGIONS[r % len(POLICE_REGIONS)] + ("" if r < len(POLICE_REGIONS) else f" {r + 1}")
    if kind == "region":
        return f"Eenheid {region}"
    if kind == "district":
        return f"District {region} {d + 1}"
    return f"Basisteam {region} {d + 1}.{t + 1:02d}"


def prison_label(kind, r, d, t, *, regions=4):
    if kind == "region":
        sector = PRISON_SECTORS[r % len(PRISON_SECTORS)] + ("" if r < len(PRISON_SECTORS) else f" {r + 1}")
        return f"Sector {sector}"
    index = d * regions + r  # unique without knowing how many districts a region has
    site = PRISON_SITES[index % len(PRISON_SITES)]
    suffix = "" if index < len(PRISON_SITES) else f" {index // len(PRISON_SITES) + 1}"
    if kind == "district":
        return f"PI {site}{suffix}"
    return f"Afdeling {site}{suffix} {t + 1:02d}"
