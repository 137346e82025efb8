"""Official code lists the suite validates against: CPV, NUTS and the eForms lists.

Plain Python, no web or database code: any service may use it. The files under `data/`
are copied unchanged from their sources (each folder keeps its LICENSE and SOURCE-COMMIT)
and read on first use, then cached for the life of the process; nothing is read at import.

- `procure.codelists.genericode`: reads any OASIS Genericode 1.0 file (code + `<lang>_label` columns).
- `procure.codelists.cpv`: the CPV 2008 main vocabulary with English labels, check digits and hierarchy.
- `procure.codelists.nuts`: NUTS codes of levels 0 to 3, and the country a code belongs to.
- `procure.codelists.eforms`: buyer legal types, economic operator sizes, official languages, GPP criteria.
"""
