"""Singer target adapter of destination-erp (`target-erp`)."""
