//! Policy evaluation: the Rego bundles compiled once into a regorus engine, evaluated per executed command.
