package universal

import rego.v1

activations(file) := a if {
	a := guidance_activations with input as {"file": file}
}

test_python_file_activations if {
	activations({"path": "/w/src/a.py", "name": "a.py", "extension": ".py"}) == {"comment_ratio", "comment_overlap", "commented_code", "legacy_code", "mid_code_import"}
}

test_init_file_skips_overlap if {
	a := activations({"path": "/w/src/__init__.py", "name": "__init__.py", "extension": ".py"})
	not "comment_overlap" in a
	"comment_ratio" in a
}

test_readme_activates_license if activations({"path": "/w/README.md", "name": "README.md", "extension": ".md"}) == {"license"}

test_other_file_activates_nothing if count(activations({"path": "/w/a.rs", "name": "a.rs", "extension": ".rs"})) == 0
