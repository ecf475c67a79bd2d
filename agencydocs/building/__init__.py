"""The build: plan, lock, render in workers, write into ``output/``, record the manifest."""
