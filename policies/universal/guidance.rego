# Which guidance checks run after a file edit. Decides nothing about commands.
package universal

import rego.v1

edited_file := object.get(input, "file", {})

# Shell commands carry no file: one test spares them the rules below.
guidance_activations contains check if {
	is_object(input.file)
	some check in file_guidance_activations
}

file_guidance_activations contains check if {
	object.get(edited_file, "extension", "") == ".py"
	some check in {"comment_ratio", "commented_code", "legacy_code", "mid_code_import"}
}

# Package markers are mostly imports and short docstrings: overlap between comments and code is expected.
file_guidance_activations contains "comment_overlap" if {
	object.get(edited_file, "extension", "") == ".py"
	object.get(edited_file, "name", "") != "__init__.py"
}

file_guidance_activations contains "license" if object.get(edited_file, "name", "") == "README.md"
