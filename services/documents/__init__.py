"""Every file of every tender, on S3: uploads, versions, downloads and their register."""
