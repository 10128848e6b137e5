"""The audit log: who signed in (or failed to), who changed whose permissions, who moved a
report version through review, and who downloaded a supplier's file (docs/reliability.md)."""
