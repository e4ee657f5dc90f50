"""The open data described for Sweden's data portal: DCAT-AP-SE (RDF/XML), beside ``datapackage.json``.

DCAT-AP-SE 3.0.1 (https://docs.dataportal.se/dcat/3.0.1/sv/) is the Swedish profile of DCAT-AP.
The file describes one catalogue with one dataset, "Kommunkompassens utvärderingar", and a
distribution per file: the workbook, the three CSV tables, the JSON, the Data Package and the
feed. Every property the profile makes mandatory is here (``MANDATORY``, checked by the tests):
the catalogue's title, description, publisher, licence (CC0 for the metadata, as Sweden requires)
and dataset; the dataset's title, description and publisher; each distribution's access address
and format; the publisher's name and type.

Addresses are relative to the data folder; with a site address ``xml:base`` makes them absolute,
and without one a reader resolves them against the file's own address.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Optional

from kommunkompassen import routes
from kommunkompassen.domain.archive import Archive

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
DCAT = "http://www.w3.org/ns/dcat#"
DCTERMS = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
XSD = "http://www.w3.org/2001/XMLSchema#"
XML = "http://www.w3.org/XML/1998/namespace"
NAMESPACES = {"rdf": RDF, "dcat": DCAT, "dcterms": DCTERMS, "foaf": FOAF}

CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"  # the URI DCAT-AP-SE asks for, exactly
SWEDISH = "http://publications.europa.eu/resource/authority/language/SWE"
SWEDEN = "http://publications.europa.eu/resource/authority/country/SWE"
THEME = "http://publications.europa.eu/resource/authority/data-theme/GOVE"  # government and public sector
PUBLIC = "http://publications.europa.eu/resource/authority/access-right/PUBLIC"
# A compilation made by volunteers, published openly and without profit (ADMS publisher types).
PUBLISHER_TYPE = "http://purl.org/adms/publishertype/NonProfitOrganisation"
PUBLISHER_NAME = "Kommunkompassens utvärderingar"

# Mandatory properties of DCAT-AP-SE 3.0.1 per class (the profile's RDForms bundle, min 1).
MANDATORY = {
    f"{DCAT}Catalog": [f"{DCTERMS}title", f"{DCTERMS}description", f"{DCTERMS}publisher", f"{DCTERMS}license",
                       f"{DCAT}dataset"],
    f"{DCAT}Dataset": [f"{DCTERMS}title", f"{DCTERMS}description", f"{DCTERMS}publisher"],
    f"{DCAT}Distribution": [f"{DCAT}accessURL", f"{DCTERMS}format"],
    f"{FOAF}Agent": [f"{FOAF}name", f"{DCTERMS}type"],
}

CATALOGUE = "dcat.rdf#katalog"
DATASET = "dcat.rdf#utvarderingar"
PUBLISHER = "dcat.rdf#utgivare"


def _local(path: str) -> str:
    return path.removeprefix("data/")


def distributions(text_note: str) -> list[tuple[str, str, str, str, Optional[str]]]:
    """(file, media type, title, description, standard it follows) of every distribution."""
    return [
        (routes.WORKBOOK, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "Arbetsbok för Excel och LibreOffice",
         "Alla tabeller i en arbetsbok med svenska rubriker, tal som går att summera och ett blad Läs mig.", None),
        (routes.EVALUATIONS_CSV, "text/csv", "Utvärderingar (CSV)",
         "En rad per utvärdering: totalpoäng och poäng per område; kolumnerna beskrivs i datapackage.json.", None),
        (routes.VALUES_CSV, "text/csv", "Alla värden med status och belägg (CSV)",
         "En rad per utvärdering och värde: värdet, dess status, anmärkning och källans ord.", None),
        (routes.SCORES_CSV, "text/csv", "Poäng per delfråga (CSV)",
         "En rad per utvärdering och delfråga: poäng, max och procent.", None),
        (routes.ALL_JSON, "application/json", "Alla utvärderingar (JSON)",
         "Allt om alla utvärderingar, med status och anmärkning för varje värde och alla källor. " + text_note, None),
        (routes.DATAPACKAGE, "application/json", "Beskrivning av filerna (Frictionless Data Package)",
         "Kolumner, datatyper, enheter, storlek och kontrollsumma för varje CSV- och JSON-fil.",
         "https://specs.frictionlessdata.io/data-package/"),
        (routes.FEED, "application/atom+xml", "Nya och ändrade utvärderingar (Atom-flöde)",
         "Varje utvärdering som läggs till eller ändras, nyast först.", "https://www.rfc-editor.org/rfc/rfc4287"),
    ]


def dcat_rdf(archive: Archive, description: str, keywords: list[str], text_note: str,
             site_url: str = "", data_date: str = "") -> str:
    """The DCAT-AP-SE description of the open data, as RDF/XML."""
    for prefix, uri in NAMESPACES.items():
        ET.register_namespace(prefix, uri)
    attrs = {f"{{{XML}}}base": f"{site_url.rstrip('/')}/{routes.DATA_PAGE}"} if site_url else {}
    root = ET.Element(f"{{{RDF}}}RDF", attrs)

    def node(kind: str, about: str) -> ET.Element:
        return ET.SubElement(root, kind, {f"{{{RDF}}}about": about})

    def text(parent: ET.Element, prop: str, value: str, lang: Optional[str] = "sv", datatype: str = "") -> None:
        el = ET.SubElement(parent, prop, {f"{{{XML}}}lang": lang} if lang else
                           ({f"{{{RDF}}}datatype": datatype} if datatype else {}))
        el.text = value

    def link(parent: ET.Element, prop: str, uri: str) -> None:
        ET.SubElement(parent, prop, {f"{{{RDF}}}resource": uri})

    evaluations = len(archive.evaluations) + len(archive.undated)
    catalogue = node(f"{{{DCAT}}}Catalog", CATALOGUE)
    text(catalogue, f"{{{DCTERMS}}}title", "Kommunkompassens utvärderingar – öppna data")
    text(catalogue, f"{{{DCTERMS}}}description",
         "Katalog över de öppna data som webbplatsen Kommunkompassens utvärderingar publicerar.")
    link(catalogue, f"{{{DCTERMS}}}publisher", PUBLISHER)
    link(catalogue, f"{{{DCTERMS}}}license", CC0)
    link(catalogue, f"{{{DCTERMS}}}language", SWEDISH)
    link(catalogue, f"{{{FOAF}}}homepage", "./")
    if data_date:
        text(catalogue, f"{{{DCTERMS}}}modified", data_date, lang=None, datatype=f"{XSD}date")
    link(catalogue, f"{{{DCAT}}}dataset", DATASET)

    agent = node(f"{{{FOAF}}}Agent", PUBLISHER)
    text(agent, f"{{{FOAF}}}name", PUBLISHER_NAME)
    link(agent, f"{{{DCTERMS}}}type", PUBLISHER_TYPE)
    link(agent, f"{{{FOAF}}}homepage", routes.REPOSITORY)

    dataset = node(f"{{{DCAT}}}Dataset", DATASET)
    text(dataset, f"{{{DCTERMS}}}title", "Kommunkompassens utvärderingar")
    text(dataset, f"{{{DCTERMS}}}description", f"{description} {evaluations} kända utvärderingar.")
    link(dataset, f"{{{DCTERMS}}}publisher", PUBLISHER)
    for word in keywords:
        text(dataset, f"{{{DCAT}}}keyword", word)
    link(dataset, f"{{{DCAT}}}theme", THEME)
    link(dataset, f"{{{DCTERMS}}}spatial", SWEDEN)
    link(dataset, f"{{{DCTERMS}}}language", SWEDISH)
    link(dataset, f"{{{DCTERMS}}}accessRights", PUBLIC)
    link(dataset, f"{{{DCAT}}}landingPage", "./")
    if data_date:
        text(dataset, f"{{{DCTERMS}}}modified", data_date, lang=None, datatype=f"{XSD}date")
    files = distributions(text_note)
    for path, *_ in files:
        link(dataset, f"{{{DCAT}}}distribution", f"dcat.rdf#{_local(path).replace('.', '-')}")
    for path, media_type, title, what, standard in files:
        dist = node(f"{{{DCAT}}}Distribution", f"dcat.rdf#{_local(path).replace('.', '-')}")
        text(dist, f"{{{DCTERMS}}}title", title)
        text(dist, f"{{{DCTERMS}}}description", what)
        link(dist, f"{{{DCAT}}}accessURL", _local(path))
        link(dist, f"{{{DCAT}}}downloadURL", _local(path))
        text(dist, f"{{{DCTERMS}}}format", media_type, lang=None)
        link(dist, f"{{{DCAT}}}mediaType", f"http://www.iana.org/assignments/media-types/{media_type}")
        link(dist, f"{{{DCTERMS}}}license", CC0)
        if standard:
            link(dist, f"{{{DCTERMS}}}conformsTo", standard)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
