"""The community pages, by subdomain: communities, members, threads, posts, moderation.

Each view parses the input, calls one service or selector and renders; who may do what is
`community.access`, asked by the services (which raise) and by the selectors that build a
page (which tell the template what to offer). A community, thread or post the person may
not see answers 404; an action they may not take answers 403. A refused post re-renders
its form with the text exactly as typed. htmx requests get only the part that changed;
every action also works as a plain form POST.
"""
