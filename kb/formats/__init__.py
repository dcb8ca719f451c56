"""The site's own date formats, where Django's are not the ones it shows (FORMAT_MODULE_PATH)."""
