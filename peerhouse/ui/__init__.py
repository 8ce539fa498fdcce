"""The Qt user interface: the manager window and (later) the resident kiosk.

Widgets call services only, as operations through `ops_runner.run_op` (writes on one
thread, their changes broadcast on the bus); other slow work goes through `workers.run_task`.
"""
