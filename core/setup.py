"""What every installation of the registry starts with, declared once: the content languages'
locales, the page tree (home and the four section index pages, in the default locale and a
translated copy in each other locale) and the default Site, the Editors group and its
permissions, and the review of members' submissions (the "Practice review" workflow, its task
and the private collection of unpublished attachments).

``apply_site_setup(apps)`` creates or grants what is missing and changes nothing else: pages
editors have edited, extra permissions an administrator granted and a workflow assigned by hand
stay as they are, so running it again changes nothing. It is applied by
``python manage.py setup_site`` (with the live models), by ``setup_demo`` and by the migration
``kb/migrations/0001_site_setup.py`` (with the migration's historical models). It therefore uses
only what historical models have: managers, fields and relations, no model methods (pages and
collections are placed in their trees by hand), and imports no model. A model the registry
``apps`` does not have yet (an older migration state) is skipped.

The older migrations that first made these (home 0002-0003, practices 0004, 0006-0007, actions
0002-0003) stay as they ran on deployed databases; tests/kb/test_setup_site.py checks that a
migrated database and this declaration agree.
"""

import uuid

from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from .sites import site_address

SITE_NAME = "Local women peacebuilders"

# Titles and introductions are marked for translation: each locale's copy of a page is created
# with them in its language (as far as the catalogues translate them), for editors to adjust.
HOME_PAGE = (
    "home.HomePage",
    gettext_noop("Local women peacebuilders"),
    "home",
    gettext_noop(
        "<p>A registry of good practices of local peacebuilding led by women and young people, "
        "each linked to the National Action Plan provisions and other policy frameworks it "
        "implements. Civil-society organisations share their practices, the network's editors "
        "review them, and anyone can find them.</p>"
    ),
)

# Under the home page, in this order: model, title, slug, introduction.
INDEX_PAGES = [
    (
        "practices.PracticeIndexPage",
        gettext_noop("Good practices"),
        "practices",
        gettext_noop(
            "<p>Good practices of local peacebuilding, shared by civil-society organisations "
            "and reviewed by the network's editors.</p>"
        ),
    ),
    (
        "frameworks.FrameworkIndexPage",
        gettext_noop("Frameworks"),
        "frameworks",
        gettext_noop(
            "<p>National Action Plans on Women, Peace and Security, regional plans and "
            "strategies, and the global resolutions they implement.</p>"
        ),
    ),
    (
        "actions.JointActionIndexPage",
        gettext_noop("Joint actions"),
        "actions",
        gettext_noop(
            "<p>What the network committed to do together after its meetings, who takes part "
            "and how far it has come. Members can join an action on behalf of their "
            "organisation.</p>"
        ),
    ),
    (
        "actions.EventIndexPage",
        gettext_noop("Events"),
        "events",
        gettext_noop(
            "<p>The network's meetings: concept notes, guiding questions, summaries and the joint "
            "actions that came out of them.</p>"
        ),
    ),
]

# The Editors: what the network's secretariat needs to moderate and curate, nothing more. They
# use the admin; add, edit, publish, lock and unlock pages below the home page (practices,
# frameworks and their provisions, joint actions, events); manage organisations and which of
# them take part in joint actions; confirm members' memberships; mark the provisions members
# describe as entered or dismissed; upload and choose documents and images. They do not manage
# users, groups, sites, workflows, redirects or settings.
EDITORS = "Editors"
EDITOR_PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("practices", "organisation", "add_organisation"),
    ("practices", "organisation", "change_organisation"),
    ("practices", "organisation", "delete_organisation"),
    ("practices", "organisationmembership", "view_organisationmembership"),
    ("practices", "organisationmembership", "change_organisationmembership"),
    ("practices", "suggestedprovision", "view_suggestedprovision"),
    ("practices", "suggestedprovision", "change_suggestedprovision"),
    ("frameworks", "provision", "view_provision"),
    ("actions", "participation", "add_participation"),
    ("actions", "participation", "change_participation"),
    ("actions", "participation", "delete_participation"),
    ("actions", "participation", "view_participation"),
    # Members' monitoring notes: reviewed (the workflow's task), corrected, unpublished.
    ("monitoring", "monitoringnote", "view_monitoringnote"),
    ("monitoring", "monitoringnote", "change_monitoringnote"),
    ("monitoring", "monitoringnote", "publish_monitoringnote"),
    ("monitoring", "monitoringnote", "lock_monitoringnote"),
    ("monitoring", "monitoringnote", "unlock_monitoringnote"),
    # simple_translation's "Translate" action: a copy in another locale, reviewed like the rest.
    ("simple_translation", "simpletranslation", "submit_translation"),
]
# On each locale's home page, so on every page below it.
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
# In the root collection, so in every collection.
EDITOR_COLLECTION_PERMISSIONS = [
    ("wagtaildocs", "document", "add_document"),
    ("wagtaildocs", "document", "change_document"),
    ("wagtaildocs", "document", "choose_document"),
    ("wagtailimages", "image", "add_image"),
    ("wagtailimages", "image", "change_image"),
    ("wagtailimages", "image", "choose_image"),
]

# Members' submissions are reviewed by the Editors in one workflow, assigned to the practice
# index page and to the monitoring notes' snippet model; their attachments wait in a collection
# only editors may view.
REVIEW_WORKFLOW = "Practice review"
REVIEW_TASK = ("practices.PracticeReviewTask", "Review by Editors")
PRIVATE_COLLECTION = "Submissions (private)"
REVIEWED_SNIPPETS = [("monitoring", "MonitoringNote")]

# Wagtail's page and collection trees (django-treebeard's materialised paths).
PATH_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
PATH_STEP = 4


def apply_site_setup(apps):
    """Create and grant what is missing; answer what was done, one line per change."""
    changes = []
    ensure_permissions_exist(apps)
    editors = ensure_editors(apps, changes)
    ensure_locales(apps, changes)
    ensure_page_tree(apps, changes)
    ensure_locale_trees(apps, changes)
    ensure_editor_permissions(apps, editors, changes)
    ensure_review(apps, editors, changes)
    return changes


def get_model(apps, name):
    try:
        return apps.get_model(name)
    except LookupError:
        return None


def ensure_permissions_exist(apps):
    """Django creates models' permissions after ``migrate`` (post_migrate): a migration that
    grants them creates them first."""
    for app_config in apps.get_app_configs():
        # A migration state's app configs have no models module, which create_permissions
        # wants; the live registry's are left as they are.
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        try:
            create_permissions(app_config, apps=apps, verbosity=0)
        finally:
            app_config.models_module = models_module
    # Wagtail adds the publish and lock permissions of snippets with drafts after ``migrate``
    # too, and only for the live models: the reviewed snippets' are made here, as it names them.
    Permission = apps.get_model("auth.Permission")
    for app_label, model_name in REVIEWED_SNIPPETS:
        model = get_model(apps, f"{app_label}.{model_name}")
        if model is None:
            continue
        snippet_type = content_type(apps, app_label, model_name)
        for verb in ("publish", "lock", "unlock"):
            Permission.objects.get_or_create(
                content_type=snippet_type,
                codename=f"{verb}_{model_name.lower()}",
                defaults={"name": f"Can {verb} {model._meta.verbose_name}"},
            )


def content_type(apps, app_label, model):
    ContentType = apps.get_model("contenttypes.ContentType")
    return ContentType.objects.get_or_create(app_label=app_label, model=model.lower())[0]


def child_path(tree, parent):
    """The path of a new last child of ``parent`` in the treebeard tree of model ``tree``."""
    last = (
        tree.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    number = 1
    if last:
        number = 0
        for char in last[-PATH_STEP:]:
            number = number * 36 + PATH_ALPHABET.index(char)
        number += 1
    digits = ""
    for _ in range(PATH_STEP):
        number, rest = divmod(number, 36)
        digits = PATH_ALPHABET[rest] + digits
    return parent.path + digits


def add_child(tree, parent, model=None, **fields):
    """Create a ``model`` row (default: ``tree``) as the last child of ``parent`` in the
    treebeard tree of model ``tree`` (Page, Collection)."""
    node = (model or tree).objects.create(
        path=child_path(tree, parent), depth=parent.depth + 1, numchild=0, **fields
    )
    tree.objects.filter(path=parent.path).update(numchild=parent.numchild + 1)
    parent.numchild += 1
    return node


def ensure_editors(apps, changes):
    Group = apps.get_model("auth.Group")
    editors, created = Group.objects.get_or_create(name=EDITORS)
    if created:
        changes.append(f"Created the group {EDITORS}.")
    return editors


def add_page(apps, parent, model_name, title, slug, intro, locale_id, translation_key=None):
    app_label, _, name = model_name.partition(".")
    now = timezone.now()
    locale = apps.get_model("wagtailcore.Locale").objects.get(pk=locale_id)
    with translation.override(locale.language_code):
        title, intro = gettext(title), gettext(intro)
    return add_child(
        apps.get_model("wagtailcore.Page"),
        parent,
        model=apps.get_model(model_name),
        title=title,
        draft_title=title,
        slug=slug,
        content_type=content_type(apps, app_label, name),
        url_path=f"{parent.url_path}{slug}/",
        locale_id=locale_id,
        translation_key=translation_key or uuid.uuid4(),
        live=True,
        has_unpublished_changes=False,
        first_published_at=now,
        last_published_at=now,
        intro=intro,
    )


def content_languages():
    """The codes of the content languages, the default one first."""
    codes = [code for code, _ in getattr(settings, "WAGTAIL_CONTENT_LANGUAGES", [])]
    default = settings.LANGUAGE_CODE
    return [default] + [code for code in codes if code != default]


def ensure_locales(apps, changes):
    """A Wagtail locale for each content language."""
    Locale = apps.get_model("wagtailcore.Locale")
    for code in content_languages():
        _, created = Locale.objects.get_or_create(language_code=code)
        if created:
            changes.append(f"Created the locale {code}.")


def default_home(apps):
    """The home page of the default locale (the default Site's root), else the first one."""
    HomePage = apps.get_model(HOME_PAGE[0])
    homes = HomePage.objects.order_by("path")
    return homes.filter(locale__language_code=settings.LANGUAGE_CODE).first() or homes.first()


def ensure_page_tree(apps, changes):
    """The home page under Wagtail's root, the default Site on it, and one page of each index
    model under it. A page of that model anywhere below it counts as there."""
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")

    home = default_home(apps)
    if home is None:
        locale = Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first()
        locale = locale or Locale.objects.order_by("pk").first()
        locale = locale or Locale.objects.create(language_code=settings.LANGUAGE_CODE)
        root = Page.objects.get(depth=1)
        home = add_page(apps, root, *HOME_PAGE, locale_id=locale.pk)
        changes.append(f"Created the home page, {home.title}.")
    if not Site.objects.filter(is_default_site=True).exists():
        hostname, port = site_address(settings.SITE_URL)
        Site.objects.create(
            hostname=hostname,
            port=port,
            root_page_id=home.pk,
            is_default_site=True,
            site_name=SITE_NAME,
        )
        changes.append(f"Created the default site, {hostname}:{port}.")
    for model_name, title, slug, intro in INDEX_PAGES:
        model = get_model(apps, model_name)
        if model is None or model.objects.filter(path__startswith=home.path).exists():
            continue
        if Page.objects.filter(
            path__startswith=home.path, depth=home.depth + 1, slug=slug
        ).exists():
            # Another page holds the address; an editor's choice to keep.
            continue
        add_page(apps, home, model_name, title, slug, intro, locale_id=home.locale_id)
        changes.append(f"Created the page {title} at {home.url_path}{slug}/.")


def ensure_locale_trees(apps, changes):
    """In each other content language's locale, a translation of the default home page beside
    it (under Wagtail's root, "home-fr") and of each index page under that: the tree in which
    that language's practices, and translations of every page, live. Pages already translated
    stay as editors left them; an index page the default tree lacks is not translated."""
    Page = apps.get_model("wagtailcore.Page")
    Locale = apps.get_model("wagtailcore.Locale")
    home = default_home(apps)
    if home is None:
        return
    root = Page.objects.get(depth=1)
    sources = [
        (model_name, page)
        for model_name, *_ in INDEX_PAGES
        if (model := get_model(apps, model_name)) is not None
        for page in model.objects.filter(
            path__startswith=home.path, depth=home.depth + 1, locale_id=home.locale_id
        ).order_by("path")[:1]
    ]
    created_one = False
    HomePage = apps.get_model(HOME_PAGE[0])
    for code in content_languages():
        locale = Locale.objects.filter(language_code=code).first()
        if locale is None or locale.pk == home.locale_id:
            continue
        translated_home = HomePage.objects.filter(
            translation_key=home.translation_key, locale=locale
        ).first()
        if translated_home is None:
            slug = f"{home.slug}-{code}"
            if Page.objects.filter(depth=2, slug=slug).exists():
                continue  # an editor's page holds the address
            translated_home = add_page(
                apps,
                root,
                HOME_PAGE[0],
                HOME_PAGE[1],
                slug,
                HOME_PAGE[3],
                locale_id=locale.pk,
                translation_key=home.translation_key,
            )
            created_one = True
            changes.append(f"Created the home page in {code} at {translated_home.url_path}.")
        for model_name, source in sources:
            model = get_model(apps, model_name)
            if model.objects.filter(translation_key=source.translation_key, locale=locale).exists():
                continue
            if Page.objects.filter(
                path__startswith=translated_home.path,
                depth=translated_home.depth + 1,
                slug=source.slug,
            ).exists():
                continue
            title, intro = next(
                (title, intro) for name, title, _, intro in INDEX_PAGES if name == model_name
            )
            add_page(
                apps,
                translated_home,
                model_name,
                # The default tree's title when an editor renamed it, else the declared one.
                title if source.title == title else source.title,
                source.slug,
                intro if source.intro == intro else source.intro,
                locale_id=locale.pk,
                translation_key=source.translation_key,
            )
            created_one = True
            changes.append(
                f"Created the page {source.title} in {code} at "
                f"{translated_home.url_path}{source.slug}/."
            )
    if created_one:
        # Wagtail keeps the sites' root paths (one per translation of a root page) cached.
        cache.delete("wagtail_site_root_paths", version=2)


def permission(apps, app_label, model, codename):
    Permission = apps.get_model("auth.Permission")
    return Permission.objects.filter(
        content_type__app_label=app_label, content_type__model=model, codename=codename
    ).first()


def ensure_editor_permissions(apps, editors, changes):
    HomePage = apps.get_model(HOME_PAGE[0])
    Collection = apps.get_model("wagtailcore.Collection")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")

    granted = set(editors.permissions.values_list("pk", flat=True))
    for app_label, model, codename in EDITOR_PERMISSIONS:
        found = permission(apps, app_label, model, codename)
        if found is not None and found.pk not in granted:
            editors.permissions.add(found)
            changes.append(f"Granted {EDITORS} {app_label}.{codename}.")

    for home in HomePage.objects.order_by("path"):
        for codename in EDITOR_PAGE_PERMISSIONS:
            found = permission(apps, "wagtailcore", "page", codename)
            _, created = GroupPagePermission.objects.get_or_create(
                group=editors, page_id=home.pk, permission=found
            )
            if created:
                changes.append(f"Granted {EDITORS} {codename} on {home.url_path}.")

    root = Collection.objects.get(depth=1)
    for app_label, model, codename in EDITOR_COLLECTION_PERMISSIONS:
        found = permission(apps, app_label, model, codename)
        if found is None:
            continue
        _, created = GroupCollectionPermission.objects.get_or_create(
            group=editors, collection=root, permission=found
        )
        if created:
            changes.append(f"Granted {EDITORS} {codename} in the root collection.")


def ensure_review(apps, editors, changes):
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    Collection = apps.get_model("wagtailcore.Collection")
    CollectionViewRestriction = apps.get_model("wagtailcore.CollectionViewRestriction")
    task_model_name, task_name = REVIEW_TASK
    TaskModel = get_model(apps, task_model_name)
    if TaskModel is None:
        return

    workflow, created = Workflow.objects.get_or_create(
        name=REVIEW_WORKFLOW, defaults={"active": True}
    )
    if created:
        changes.append(f"Created the workflow {REVIEW_WORKFLOW}.")
    task = TaskModel.objects.filter(name=task_name).first()
    if task is None:
        app_label, _, model = task_model_name.partition(".")
        task = TaskModel.objects.create(
            name=task_name, active=True, content_type=content_type(apps, app_label, model)
        )
        changes.append(f"Created the task {task_name}.")
    if not task.groups.filter(pk=editors.pk).exists():
        task.groups.add(editors)
        changes.append(f"The task {task_name} is now done by {EDITORS}.")
    if not WorkflowTask.objects.filter(workflow=workflow, task_id=task.pk).exists():
        WorkflowTask.objects.create(
            workflow=workflow,
            task_id=task.pk,
            sort_order=WorkflowTask.objects.filter(workflow=workflow).count(),
        )
        changes.append(f"The workflow {REVIEW_WORKFLOW} now has the task {task_name}.")
    # Every locale's practice index: a practice and its translations are reviewed alike.
    for index in apps.get_model(INDEX_PAGES[0][0]).objects.order_by("path"):
        if not WorkflowPage.objects.filter(page_id=index.pk).exists():
            WorkflowPage.objects.create(page_id=index.pk, workflow=workflow)
            changes.append(f"The workflow {REVIEW_WORKFLOW} now applies to {index.url_path}.")
    WorkflowContentType = apps.get_model("wagtailcore.WorkflowContentType")
    for app_label, model_name in REVIEWED_SNIPPETS:
        if get_model(apps, f"{app_label}.{model_name}") is None:
            continue
        snippet_type = content_type(apps, app_label, model_name)
        if not WorkflowContentType.objects.filter(content_type=snippet_type).exists():
            WorkflowContentType.objects.create(content_type=snippet_type, workflow=workflow)
            changes.append(f"The workflow {REVIEW_WORKFLOW} now applies to {model_name}.")

    private = Collection.objects.filter(name=PRIVATE_COLLECTION).first()
    if private is None:
        root = Collection.objects.get(depth=1)
        private = add_child(Collection, root, name=PRIVATE_COLLECTION)
        changes.append(f"Created the collection {PRIVATE_COLLECTION}.")
    restriction = CollectionViewRestriction.objects.filter(
        collection=private, restriction_type="groups"
    ).first()
    if restriction is None:
        restriction = CollectionViewRestriction.objects.create(
            collection=private, restriction_type="groups"
        )
        changes.append(f"Only groups may view the collection {PRIVATE_COLLECTION}.")
    if not restriction.groups.filter(pk=editors.pk).exists():
        restriction.groups.add(editors)
        changes.append(f"{EDITORS} may view the collection {PRIVATE_COLLECTION}.")
