"""Charts: which charts the site shows (specs), drawing them with matplotlib (cached), the map."""
