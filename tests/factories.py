from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from keyplan.accounts.models import Account, AccountTeamMember, Contact
from keyplan.sales.models import Opportunity
from keyplan.users.models import BusinessUnit, User

PASSWORD = "correct-horse-battery"


class BusinessUnitFactory(DjangoModelFactory):
    class Meta:
        model = BusinessUnit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"unit{n}")
    name = factory.Sequence(lambda n: f"Unit {n}")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    role = "kam"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class AccountFactory(DjangoModelFactory):
    class Meta:
        model = Account

    name = factory.Sequence(lambda n: f"Customer {n:04d} Sp. z o.o.")
    external_id = factory.Sequence(lambda n: f"EXT{n:05d}")
    country = "PL"
    currency = "PLN"
    account_class = "regular"
    industry = "manufacturing"


class TeamMemberFactory(DjangoModelFactory):
    class Meta:
        model = AccountTeamMember

    account = factory.SubFactory(AccountFactory)
    user = factory.SubFactory(UserFactory, role="team")
    role = "Service manager"


class ContactFactory(DjangoModelFactory):
    class Meta:
        model = Contact

    account = factory.SubFactory(AccountFactory)
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    title = "Head of Procurement"
    email = factory.Sequence(lambda n: f"contact{n}@customer.example")


class OpportunityFactory(DjangoModelFactory):
    class Meta:
        model = Opportunity

    external_id = factory.Sequence(lambda n: f"OPP-{n:05d}")
    account = factory.SubFactory(AccountFactory)
    name = factory.Sequence(lambda n: f"Line retrofit {n}")
    stage = "Proposal"
    amount = Decimal("10000.00")
    currency = "PLN"
    probability = Decimal("50.00")
    created_date = date(2025, 1, 15)
    close_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    status = "open"
