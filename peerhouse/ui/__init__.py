"""The Qt user interface: the manager window and (later) the resident kiosk.

Widgets call services only; slow work goes through `workers.run_task`.
"""
