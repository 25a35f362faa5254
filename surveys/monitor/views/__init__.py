"""The monitor's pages, one module per subdomain: `answering` (the employee's), `campaigns`
(the wellbeing officer's set-up, launch and close), `results` (the dashboards and the CSV)
and `measures`.

Every view reads the same way: decorators at the door (login, method, the role as a
permission), the object from `access`, then one selector or presentation call and a page,
or one service call through `core.actions.post_action` (a message, and a redirect). Where a
page is its own form, the form is `Form(request.POST or None)`: its errors are shown next
to the fields, and only a valid one goes on to `post_action`.
"""
