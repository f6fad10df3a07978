"""碳排放核算 Emission inventory: accounting core, reference inventories (CEADs), comparison."""
