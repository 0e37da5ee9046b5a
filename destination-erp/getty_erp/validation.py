"""Checks a UBL invoice as a receiver would: OASIS UBL 2.1 XSDs, then EN 16931 rules."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

SVRL = "http://purl.oclc.org/dsdl/svrl"


def standards_dir(explicit: Path | str | None = None) -> Path | None:
    """The standards folder: given, $GETTY_CONNECTORS_STANDARDS_DIR, or ../shared/standards."""
    candidates = [explicit, os.environ.get("GETTY_CONNECTORS_STANDARDS_DIR")]
    candidates.append(Path(__file__).resolve().parents[2] / "shared" / "standards")
    candidates.append(Path(__file__).resolve().parents[3] / "shared" / "standards")
    for candidate in candidates:
        if candidate and (Path(candidate) / "ubl-2.1").is_dir():
            return Path(candidate)
    return None


@dataclass(frozen=True)
class Finding:
    rule: str
    flag: str
    location: str
    text: str

    def __str__(self) -> str:
        return f"[{self.rule} {self.flag}] {self.text.strip()} at {self.location}"


class UblValidator:
    """Compile the schemas once; `problems(xml)` lists XSD errors and fatal EN 16931 rules."""

    def __init__(self, standards: Path, schematron: bool = True) -> None:
        xsd = standards / "ubl-2.1" / "maindoc" / "UBL-Invoice-2.1.xsd"
        self.schema = etree.XMLSchema(etree.parse(str(xsd)))
        self._xslt = None
        if schematron:
            from saxonche import PySaxonProcessor  # optional extra "validation"

            self._processor = PySaxonProcessor(license=False)
            compiler = self._processor.new_xslt30_processor()
            xslt = standards / "en16931" / "EN16931-UBL-validation.xslt"
            self._xslt = compiler.compile_stylesheet(stylesheet_file=str(xslt))

    def xsd_errors(self, xml: bytes) -> list[str]:
        doc = etree.fromstring(xml)
        if self.schema.validate(doc):
            return []
        return [f"line {e.line}: {e.message}" for e in self.schema.error_log]

    def en16931_findings(self, xml: bytes) -> list[Finding]:
        assert self._xslt is not None, "schematron checks were not enabled"
        node = self._processor.parse_xml(xml_text=xml.decode("utf-8"))
        svrl = self._xslt.transform_to_string(xdm_node=node)
        report = etree.fromstring(svrl.encode("utf-8"))
        return [
            Finding(
                rule=el.get("id", ""),
                flag=el.get("flag", ""),
                location=el.get("location", ""),
                text="".join(el.itertext()),
            )
            for el in report.iter(f"{{{SVRL}}}failed-assert")
        ]

    def problems(self, xml: bytes) -> list[str]:
        found = self.xsd_errors(xml)
        if self._xslt is not None:
            found += [str(f) for f in self.en16931_findings(xml) if f.flag == "fatal"]
        return found
