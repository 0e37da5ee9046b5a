"""Core of destination-erp: Getty orders and license costs as invoices, bills and journals."""
