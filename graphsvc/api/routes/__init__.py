"""One router per noun; ``graphsvc.api.app`` includes them all."""
