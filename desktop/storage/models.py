"""Peewee models for the whole domain: contacts and their details, groups, events,
interactions, exchanges, needs and offers, reminders, links between people.

Conventions: dates are ``DateField`` (ISO text in SQLite); birthdays and
anniversaries are text because the year may be unknown (``--MM-DD``); money
is an integer number of cents; soft deletion (the trash) is a ``deleted_at``
timestamp, never a lost row.
"""

from __future__ import annotations

import datetime as dt

from peewee import (
    AutoField,
    BlobField,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    FloatField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

from desktop.storage.db import database


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False


class SchemaVersion(BaseModel):
    """One row: the version of the schema this file is at."""

    version = IntegerField()
    changed_at = DateTimeField(default=_now)


class Setting(BaseModel):
    key = CharField(primary_key=True)
    value = TextField()  # JSON


class NetworkGroup(BaseModel):
    """A network the user belongs to: a chamber, a leads group, an association..."""

    id = AutoField()
    name = CharField(unique=True)
    kind = CharField(default="informal")  # chamber, leads_group, association, event_series, online, informal
    yearly_fee_cents = IntegerField(default=0)
    notes = TextField(default="")
    created_at = DateTimeField(default=_now)
    deleted_at = DateTimeField(null=True)

    class Meta:
        table_name = "network_group"


class Event(BaseModel):
    id = AutoField()
    name = CharField()
    date = DateField(index=True)
    group = ForeignKeyField(NetworkGroup, null=True, on_delete="SET NULL", backref="events")
    place = CharField(default="")
    hours = FloatField(default=0.0)
    cost_cents = IntegerField(default=0)
    notes = TextField(default="")
    created_at = DateTimeField(default=_now)
    deleted_at = DateTimeField(null=True)


class Contact(BaseModel):
    id = AutoField()
    uid = CharField(null=True, index=True)  # the vCard UID it came from (or one we made)
    prefix = CharField(default="")
    given_name = CharField(default="")
    additional_name = CharField(default="")
    family_name = CharField(default="")
    suffix = CharField(default="")
    full_name = CharField(default="")
    sort_name = CharField(default="", index=True)  # folded display name: ordering and short prefixes
    nickname = CharField(default="")
    organization = CharField(default="")
    department = CharField(default="")
    title = CharField(default="")
    role = CharField(default="")
    birthday = CharField(default="")  # "YYYY-MM-DD", "--MM-DD" or ""
    birthday_md = CharField(default="", index=True)  # "MM-DD" for the birthdays-ahead query
    anniversary = CharField(default="")
    has_photo = BooleanField(default=False)  # the bytes live in ContactPhoto, off the hot rows
    note = TextField(default="")
    met_how = TextField(default="")  # how and where we met, in the person's words
    met_event = ForeignKeyField(Event, null=True, on_delete="SET NULL", backref="contacts_met")
    interests = TextField(default="")
    circle = CharField(default="")  # inner, close, active, wider or "" (none)
    cadence_days = IntegerField(null=True)  # overrides the circle's cadence
    priority = IntegerField(default=0)
    snoozed_until = DateField(null=True)
    last_contact = DateField(null=True, index=True)  # latest interaction or exchange, kept by services
    archived = BooleanField(default=False)
    extra_vcard = TextField(default="")  # unmodelled vCard lines, one per line, written back on export
    created_at = DateTimeField(default=_now, index=True)
    updated_at = DateTimeField(default=_now)
    deleted_at = DateTimeField(null=True, index=True)
    connected_on = CharField(default="")  # "YYYY-MM-DD": connected on LinkedIn that day, a first touch


class ContactPhoto(BaseModel):
    contact = ForeignKeyField(Contact, primary_key=True, on_delete="CASCADE", backref="photo_row")
    data = BlobField()
    mime = CharField(default="image/jpeg")


class ContactPhone(BaseModel):
    contact = ForeignKeyField(Contact, on_delete="CASCADE", backref="phones")
    value = CharField()
    kind = CharField(default="")
    pref = BooleanField(default=False)
    normalized = CharField(default="", index=True)  # E.164 or digits, for matching and search
    position = IntegerField(default=0)


class ContactEmail(BaseModel):
    contact = ForeignKeyField(Contact, on_delete="CASCADE", backref="emails")
    value = CharField()
    kind = CharField(default="")
    pref = BooleanField(default=False)
    normalized = CharField(default="", index=True)  # lower-cased, for matching
    position = IntegerField(default=0)


class ContactAddress(BaseModel):
    contact = ForeignKeyField(Contact, on_delete="CASCADE", backref="addresses")
    street = CharField(default="")
    city = CharField(default="")
    region = CharField(default="")
    postal_code = CharField(default="")
    country = CharField(default="")
    po_box = CharField(default="")
    extended = CharField(default="")
    kind = CharField(default="")
    position = IntegerField(default=0)


class ContactUrl(BaseModel):
    contact = ForeignKeyField(Contact, on_delete="CASCADE", backref="urls")
    value = CharField()
    kind = CharField(default="")
    position = IntegerField(default=0)


class ContactSocial(BaseModel):
    contact = ForeignKeyField(Contact, on_delete="CASCADE", backref="social_profiles")
    service = CharField(default="")
    value = CharField()
    user = CharField(default="")
    position = IntegerField(default=0)


class ContactIM(BaseModel):
    contact = ForeignKeyField(Contact, on_delete="CASCADE", backref="instant_messages")
    service = CharField(default="")
    handle = CharField()
    kind = CharField(default="")
    position = IntegerField(default=0)


class Tag(BaseModel):
    id = AutoField()
    name = CharField(unique=True)  # unique case-insensitively (COLLATE NOCASE in the schema)


class ContactTag(BaseModel):
    contact = ForeignKeyField(Contact, on_delete="CASCADE", backref="contact_tags")
    tag = ForeignKeyField(Tag, on_delete="CASCADE", backref="contact_tags")

    class Meta:
        indexes = ((("contact", "tag"), True),)


class GroupMember(BaseModel):
    group = ForeignKeyField(NetworkGroup, on_delete="CASCADE", backref="members")
    contact = ForeignKeyField(Contact, on_delete="CASCADE", backref="group_memberships")
    joined_on = DateField(null=True)

    class Meta:
        indexes = ((("group", "contact"), True),)


class EventAttendee(BaseModel):
    """A contact met at an event."""

    event = ForeignKeyField(Event, on_delete="CASCADE", backref="attendees")
    contact = ForeignKeyField(Contact, on_delete="CASCADE", backref="events_attended")

    class Meta:
        indexes = ((("event", "contact"), True),)


class Interaction(BaseModel):
    """A meeting, call, email, message or check-in with one or more contacts."""

    id = AutoField()
    occurred_on = DateField(index=True)
    channel = CharField()  # meeting, call, email, message, check_in
    summary = CharField(default="")
    notes = TextField(default="")
    event = ForeignKeyField(Event, null=True, on_delete="SET NULL", backref="interactions")
    created_at = DateTimeField(default=_now)
    deleted_at = DateTimeField(null=True, index=True)


class InteractionContact(BaseModel):
    interaction = ForeignKeyField(Interaction, on_delete="CASCADE", backref="participants")
    contact = ForeignKeyField(Contact, on_delete="CASCADE", backref="interaction_links")

    class Meta:
        indexes = ((("interaction", "contact"), True), (("contact", "interaction"), False))


class Exchange(BaseModel):
    """Something given or received: a favour, referral, introduction, advice, an ask..."""

    id = AutoField()
    occurred_on = DateField(index=True)
    kind = CharField()  # favour, referral, introduction, advice, purchase, info, invitation, recommendation, ask
    direction = CharField()  # given, received
    weight = IntegerField()  # 1-5
    money_cents = IntegerField(null=True)
    status = CharField(default="done")  # promised, done (a referral: also won, lost)
    outcome = TextField(default="")
    third_party = ForeignKeyField(Contact, null=True, on_delete="SET NULL", backref="exchanges_as_third")
    third_party_name = CharField(default="")  # when the third party is not a contact
    summary = CharField(default="")
    notes = TextField(default="")
    created_at = DateTimeField(default=_now)
    deleted_at = DateTimeField(null=True, index=True)


class ExchangeContact(BaseModel):
    exchange = ForeignKeyField(Exchange, on_delete="CASCADE", backref="participants")
    contact = ForeignKeyField(Contact, on_delete="CASCADE", backref="exchange_links")

    class Meta:
        indexes = ((("exchange", "contact"), True), (("contact", "exchange"), False))


class NeedOffer(BaseModel):
    contact = ForeignKeyField(Contact, on_delete="CASCADE", backref="needs_offers")
    kind = CharField()  # need, offer
    text = CharField()
    tags = CharField(default="")  # comma-separated
    created_at = DateTimeField(default=_now)


class Knows(BaseModel):
    """Two contacts who know each other, as something said so: an introduction you made, a vCard
    RELATED, a link entered by hand. A ``hidden`` row is a pair the person said does not belong: the
    links Rapport would infer for it (a shared organisation, event or group) are not shown.
    ``a`` < ``b``; a pair has at most one row per source."""

    a = ForeignKeyField(Contact, on_delete="CASCADE", backref="knows_a")
    b = ForeignKeyField(Contact, on_delete="CASCADE", backref="knows_b")
    source = CharField(default="manual")  # introduction, related, manual, hidden
    how = CharField(default="")  # colleague, friend, client, family, introduced by (manual, related)
    date = DateField(null=True)  # when it happened (the introduction); None: undated
    created_at = DateTimeField(default=_now)

    class Meta:
        indexes = ((("a", "b", "source"), True),)


class IntroFeedback(BaseModel):
    """What the person said about a suggested introduction: "not now" or "not a match"."""

    id = AutoField()
    kind = CharField()  # not_now, not_a_match
    a = ForeignKeyField(Contact, on_delete="CASCADE", backref="intro_feedback_a")  # the one with the need
    b = ForeignKeyField(Contact, on_delete="CASCADE", backref="intro_feedback_b")
    given_on = DateField()
    created_at = DateTimeField(default=_now)

    class Meta:
        table_name = "intro_feedback"


class ChangeCount(BaseModel):
    """How often each kind of data changed, counted by triggers (see storage.migrations): the
    services cache what is slow to compute (the knows graph, the matcher) and check these first."""

    topic = CharField(primary_key=True)  # knows, exchanges, needs, people, feedback, settings
    n = IntegerField(default=0)

    class Meta:
        table_name = "change_count"


class Reminder(BaseModel):
    id = AutoField()
    contact = ForeignKeyField(Contact, on_delete="CASCADE", backref="reminders")
    due = DateField(index=True)
    kind = CharField()  # follow_up, check_in, promised, thank, outcome, birthday, custom
    reason = CharField(default="")
    exchange = ForeignKeyField(Exchange, null=True, on_delete="CASCADE", backref="reminders")
    event = ForeignKeyField(Event, null=True, on_delete="CASCADE", backref="reminders")
    done_at = DateTimeField(null=True)
    snoozed_until = DateField(null=True)
    created_at = DateTimeField(default=_now)


class TodayState(BaseModel):
    """What the person did with one item of the Today list, keyed by the item's stable ref."""

    ref = CharField(primary_key=True)  # e.g. "thank:exchange:12:contact:3", "intro:3:7"
    done_on = DateField(null=True)
    snoozed_until = DateField(null=True)

    class Meta:
        table_name = "today_state"


class ImportedCard(BaseModel):
    """A fingerprint of every card imported, so that re-importing a file is a no-op."""

    digest = CharField(primary_key=True)
    contact = ForeignKeyField(Contact, on_delete="CASCADE", backref="imported_cards")
    imported_at = DateTimeField(default=_now)


class ContactKey(BaseModel):
    """A key an import finds a contact by beyond its UID, emails and phones (``matching.lookup_keys``):
    a social profile, the name at a company. Written with the contact, like its phones."""

    contact = ForeignKeyField(Contact, on_delete="CASCADE", backref="lookup_keys")
    key = CharField(index=True)

    class Meta:
        table_name = "contact_key"


class DismissedPair(BaseModel):
    """Two contacts a person said are not duplicates (``a`` < ``b``): never suggested again."""

    a = ForeignKeyField(Contact, on_delete="CASCADE", backref="dismissed_a")
    b = ForeignKeyField(Contact, on_delete="CASCADE", backref="dismissed_b")
    created_at = DateTimeField(default=_now)

    class Meta:
        table_name = "dismissed_pair"
        indexes = ((("a", "b"), True),)


class UndoRecord(BaseModel):
    """What is needed to take back a merge or a bulk change (a JSON snapshot)."""

    id = AutoField()
    kind = CharField()  # merge, bulk_delete, import
    label = CharField(default="")
    payload = TextField()  # JSON
    created_at = DateTimeField(default=_now)
    undone_at = DateTimeField(null=True)


ALL_MODELS = [
    SchemaVersion,
    Setting,
    NetworkGroup,
    Event,
    Contact,
    ContactPhoto,
    ContactPhone,
    ContactEmail,
    ContactAddress,
    ContactUrl,
    ContactSocial,
    ContactIM,
    Tag,
    ContactTag,
    GroupMember,
    EventAttendee,
    Interaction,
    InteractionContact,
    Exchange,
    ExchangeContact,
    NeedOffer,
    Knows,
    IntroFeedback,
    ChangeCount,
    Reminder,
    TodayState,
    ImportedCard,
    UndoRecord,
    ContactKey,
    DismissedPair,
]


# --- CardDAV sync (issue 14) ---------------------------------------------------------------


class SyncAccount(BaseModel):
    """A CardDAV address book this database keeps in step with. The password is never here:
    it is in the OS keyring or in a file readable by the owner only (``secret_store`` says which)."""

    id = AutoField()
    key = CharField(unique=True)  # a UUID naming the password in the keyring or the secrets file
    name = CharField(unique=True)
    url = CharField()  # the address-book collection
    user = CharField()
    secret_store = CharField()  # "keyring" or "file"
    fingerprint = CharField(default="")  # SHA-256 of a certificate the person accepted; pinned from then on
    vcard_version = CharField(default="3.0")  # what cards go up as: 3.0 unless the server asks for 4.0
    is_default = BooleanField(default=False)  # contacts that exist only here are pushed to it
    sync_token = TextField(default="")  # RFC 6578, from the last complete sync
    ctag = TextField(default="")  # getctag from the last complete sync
    last_sync = DateTimeField(null=True)
    created_at = DateTimeField(default=_now)

    class Meta:
        table_name = "sync_account"


class SyncCard(BaseModel):
    """The status table (vdirsyncer's pattern): one row per server card, with its ETag and the content
    both sides agreed on at the last sync, the base of the three-way merge."""

    id = AutoField()
    account = ForeignKeyField(SyncAccount, on_delete="CASCADE", backref="cards")
    href = CharField()
    etag = CharField(default="")  # "" while a write's outcome is unknown
    kind = CharField(default="contact")  # contact, or group (an iCloud-style group card, shown as a tag)
    contact = ForeignKeyField(Contact, null=True, on_delete="SET NULL", backref="sync_cards")
    uid = CharField(default="")
    base = TextField(default="")  # JSON: the last synced content (domain.sync_merge.snapshot, or a group's)
    local_hash = CharField(default="")  # fingerprint of the local contact right after the last sync

    class Meta:
        table_name = "sync_card"
        indexes = ((("account", "href"), True),)


class SyncConflict(BaseModel):
    """A field changed on both sides: the local value was kept, the server's is here to review and swap."""

    id = AutoField()
    account = ForeignKeyField(SyncAccount, on_delete="CASCADE", backref="conflicts")
    contact = ForeignKeyField(Contact, on_delete="CASCADE", backref="sync_conflicts")
    field = CharField()
    kept = TextField(default="")
    other = TextField(default="")
    other_value = TextField(default="")  # JSON of the server's value, to swap it in
    created_at = DateTimeField(default=_now)
    resolved_at = DateTimeField(null=True)

    class Meta:
        table_name = "sync_conflict"


ALL_MODELS += [SyncAccount, SyncCard, SyncConflict]
