package helpers.packages_test

import rego.v1

import data.helpers.packages

test_requirement_name_strips_specifiers if {
	packages.requirement_name("requests") == "requests"
	packages.requirement_name("fastapi[all]>=0.100") == "fastapi"
	packages.requirement_name("Django==4.2.1") == "Django"
	packages.requirement_name("numpy>=1.20,<2") == "numpy"
	packages.requirement_name("zope.interface~=5.0") == "zope.interface"
	packages.requirement_name("pkg!=1.0") == "pkg"
	packages.requirement_name(`typing-extensions; python_version < "3.8"`) == "typing-extensions"
}

test_requirement_name_rejects_non_index_requirements if {
	not packages.requirement_name("./local/pkg")
	not packages.requirement_name(".")
	not packages.requirement_name("dist/pkg-1.0-py3-none-any.whl")
	not packages.requirement_name("pkg @ https://example.invalid/pkg.zip")
	not packages.requirement_name("git+https://example.invalid/repo.git")
	not packages.requirement_name("pkg==$(id)")
}

old(_) := {"status": "found", "name": "x", "age_days": 4000.5, "first_release": "2013-01-01T00:00:00Z"}

young(_) := {"status": "found", "name": "x", "age_days": 12.7, "first_release": "2026-01-01T00:00:00Z"}

test_age_status_fine if {
	packages.age_status("requests").outcome == "fine" with data.helpers.packages.lookup as old
}

test_age_status_young_names_age if {
	status := packages.age_status("newpkg") with data.helpers.packages.lookup as young
	status.outcome == "young"
	contains(status.detail, "`newpkg`")
	contains(status.detail, "12 days")
}

test_age_status_missing if {
	status := packages.age_status("nopkg") with data.helpers.packages.lookup as {"status": "not_found"}
	status.outcome == "missing"
	contains(status.detail, "does not exist")
}

test_age_status_unavailable_is_unknown if {
	packages.age_status("requests").outcome == "unknown"
	status := packages.age_status("x") with data.helpers.packages.lookup as "garbage"
	status.outcome == "unknown"
	bad_age := packages.age_status("x") with data.helpers.packages.lookup as {"status": "found", "age_days": "old"}
	bad_age.outcome == "unknown"
}
