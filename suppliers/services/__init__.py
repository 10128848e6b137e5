"""Write-side services of the suppliers app (the only place, with selectors, that uses
the ORM). Import from the submodules: ``suppliers.services.registry`` etc."""
