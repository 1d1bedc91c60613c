# Which guidance checks run after a file edit. Decides nothing about commands.
package universal

import rego.v1

edited_file := object.get(input, "file", {})

guidance_activations contains check if {
	object.get(edited_file, "extension", "") == ".py"
	some check in {"comment_ratio", "commented_code", "legacy_code", "mid_code_import"}
}

# Package markers are mostly imports and short docstrings: overlap between comments and code is expected.
guidance_activations contains "comment_overlap" if {
	object.get(edited_file, "extension", "") == ".py"
	object.get(edited_file, "name", "") != "__init__.py"
}

guidance_activations contains "license" if object.get(edited_file, "name", "") == "README.md"
