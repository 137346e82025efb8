"""Reading certificates and CRLs, and validating PAdES, CAdES and XAdES signatures.

pyhanko and pyhanko-certvalidator do the CMS and path work, signxml the XML-DSig work;
nothing here parses ASN.1 or canonicalises XML by hand.
"""
