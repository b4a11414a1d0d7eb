import factory
from django.contrib.auth import get_user_model

from secretariat.core.i18n import translations
from secretariat.registry.choices import ForumKind, OrganisationKind
from secretariat.registry.models import (
    Delegation,
    DelegationNote,
    Economy,
    Forum,
    ForumRole,
    Organisation,
    Person,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.test")
    password = factory.PostGenerationMethodCall("set_password", "pass-word-123")

    @factory.post_generation
    def saved(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create:
            self.save(update_fields=["password"])


class EconomyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Economy
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{chr(65 + n // 26 % 26)}{chr(65 + n % 26)}")
    code_alpha3 = factory.LazyAttribute(lambda economy: f"{economy.code}X")
    name = factory.LazyAttribute(lambda economy: translations("en", en=f"Economy {economy.code}"))
    joined_year = 1989


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = OrganisationKind.INTERNATIONAL
    name = factory.LazyAttribute(lambda org: translations("en", en=org.slug.title()))


class ForumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Forum
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"forum-{n}")
    abbreviation = factory.LazyAttribute(lambda forum: forum.slug.upper())
    kind = ForumKind.WORKING_GROUP
    name = factory.LazyAttribute(lambda forum: translations("en", en=f"Forum {forum.slug}"))


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    family_name = factory.Sequence(lambda n: f"Family{n}")
    given_name = "Given"
    email = factory.LazyAttribute(lambda person: f"{person.family_name.lower()}@example.test")


class DelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegation

    economy = factory.SubFactory(EconomyFactory)
    forum = factory.SubFactory(ForumFactory)


class ForumRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ForumRole


class NoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DelegationNote

    title = factory.Sequence(lambda n: f"Internal note {n}")
    body = "Our red line is paragraph 7."
