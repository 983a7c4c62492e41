"""The bench: the model timed against plain SimPy, and the engine probes that explain the gap."""
