-- footfall_all: nothing stored overlaps the batch and its files do not overlap: every reading is new.
-- grain: one row per reading of the batch (a view of incoming_footfall, for footfall_insert).
-- inputs: incoming_footfall.
CREATE TEMP VIEW batch_new AS SELECT * FROM incoming_footfall
